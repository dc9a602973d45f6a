package org.mediadfs.storage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.tracker.Traffic;
import org.mediadfs.wire.TruncatedFrameException;

/**
 * The upload copy: bytes read with the header, chunked arrivals, the journal copy, a short body.
 */
class ChannelInputTest {
  @TempDir Path dir;

  /** A channel that hands out its bytes at most {@code chunk} at a time, then end of stream. */
  private static final class Chunked implements ReadableByteChannel {
    private final ByteBuffer data;
    private final int chunk;

    Chunked(byte[] data, int chunk) {
      this.data = ByteBuffer.wrap(data);
      this.chunk = chunk;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (!data.hasRemaining()) {
        return -1;
      }
      int n = Math.min(chunk, Math.min(dst.remaining(), data.remaining()));
      dst.put(data.slice(data.position(), n));
      data.position(data.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Copies a body of {@code size} that follows a 40-byte header; returns the chunks written. */
  private List<Long> copy(byte[] body, int chunk, int bigCapacity, ByteBuffer keep, Path file)
      throws IOException {
    byte[] header = random(40, 7);
    ChannelInput in =
        new ChannelInput(
            new Chunked(concat(header, body), chunk),
            1024,
            new Deadline(1_000_000_000L, 1_000_000_000L));
    byte[] readHeader = in.readNBytes(header.length);
    assertThat(readHeader).isEqualTo(header);
    List<Long> writes = new ArrayList<>();
    AtomicLong consumed = new AtomicLong();
    CRC32C crc = new CRC32C();
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      in.copyTo(
          out,
          body.length,
          crc,
          ByteBuffer.allocateDirect(bigCapacity),
          new Traffic(),
          consumed::addAndGet,
          writes::add,
          keep);
    }
    CRC32C expected = new CRC32C();
    expected.update(body);
    assertThat(crc.getValue()).isEqualTo(expected.getValue());
    assertThat(consumed.get()).isEqualTo(body.length);
    assertThat(Files.readAllBytes(file)).isEqualTo(body);
    return writes;
  }

  @Test
  void aSmallFileIsWrittenOnceWithTheBytesThatCameWithTheHeader() throws IOException {
    byte[] body = random(4096, 1);
    ByteBuffer keep = ByteBuffer.allocate(body.length);
    // 260 of the body's bytes arrive in the read that brings the header, the rest 300 at a time.
    List<Long> writes = copy(body, 300, 64 * 1024, keep, dir.resolve("small"));
    assertThat(writes).containsExactly(4096L);
    assertThat(keep.hasRemaining()).isFalse();
    assertThat(keep.array()).isEqualTo(body);
  }

  @Test
  void aFileLargerThanTheBufferIsCopiedAndKeptWhole() throws IOException {
    byte[] body = random(200_000, 2);
    ByteBuffer keep = ByteBuffer.allocate(body.length);
    List<Long> writes = copy(body, 5000, 16 * 1024, keep, dir.resolve("large"));
    assertThat(writes.stream().mapToLong(Long::longValue).sum()).isEqualTo(body.length);
    assertThat(writes.size()).isGreaterThan(1);
    assertThat(keep.array()).isEqualTo(body);
  }

  @Test
  void noCopyIsKeptWhenNoneIsAskedFor() throws IOException {
    byte[] body = random(10_000, 3);
    assertThat(copy(body, 10_000, 64 * 1024, null, dir.resolve("plain"))).containsExactly(10_000L);
  }

  @Test
  void aBodyCutShortIsATruncatedFrameAndCountsWhatWasTaken() throws IOException {
    byte[] header = random(40, 7);
    byte[] part = random(3000, 4);
    ChannelInput in =
        new ChannelInput(
            new Chunked(concat(header, part), 700),
            1024,
            new Deadline(1_000_000_000L, 1_000_000_000L));
    in.readNBytes(header.length);
    AtomicLong consumed = new AtomicLong();
    try (FileChannel out =
        FileChannel.open(
            dir.resolve("cut"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      assertThatThrownBy(
              () ->
                  in.copyTo(
                      out,
                      4096,
                      new CRC32C(),
                      ByteBuffer.allocateDirect(64 * 1024),
                      new Traffic(),
                      consumed::addAndGet,
                      n -> {},
                      null))
          .isInstanceOf(TruncatedFrameException.class)
          .hasMessageContaining("bytes unsent");
    }
    // What came with the header was taken off the connection before the body ran out.
    assertThat(consumed.get()).isGreaterThan(0);
  }
}
