package org.mediadfs.storage.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.mediadfs.storage.tracker.Traffic;
import org.mediadfs.wire.TruncatedFrameException;

/**
 * The read side of a connection: a small buffered {@link InputStream} for frame headers and fixed
 * bodies (what {@link org.mediadfs.wire.codec.FrameReader} reads), and a bulk path that moves an
 * upload's bytes from the socket to a file through a large direct buffer, computing the CRC32C on
 * the way. Because this class owns the buffer it knows exactly which payload bytes were already
 * read ahead (the trap of a {@code BufferedInputStream} under a zero-copy transfer). Every read
 * re-arms the connection's {@link Deadline}.
 */
final class ChannelInput extends InputStream {
  private final ReadableByteChannel ch;
  private final ByteBuffer buf;
  private final Deadline deadline;

  ChannelInput(ReadableByteChannel ch, int bufferSize, Deadline deadline) {
    this.ch = ch;
    this.buf = ByteBuffer.allocateDirect(bufferSize);
    this.buf.flip(); // empty, in read mode
    this.deadline = deadline;
  }

  @Override
  public int read() throws IOException {
    if (!buf.hasRemaining() && fill() < 0) {
      return -1;
    }
    return buf.get() & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!buf.hasRemaining()) {
      if (len >= buf.capacity()) {
        int n = ch.read(ByteBuffer.wrap(b, off, len));
        if (n > 0) {
          deadline.progress();
        }
        return n;
      }
      if (fill() < 0) {
        return -1;
      }
    }
    int n = Math.min(len, buf.remaining());
    buf.get(b, off, n);
    return n;
  }

  @Override
  public int available() {
    return buf.remaining();
  }

  private int fill() throws IOException {
    buf.clear();
    int n;
    try {
      n = ch.read(buf);
    } finally {
      buf.flip();
    }
    if (n > 0) {
      deadline.progress();
    }
    return n;
  }

  /**
   * Moves exactly {@code count} bytes from the connection into {@code out} at its position,
   * updating {@code crc}. Socket failures surface as they are (the client is gone); file failures
   * as {@link StoreWriteException}. {@code consumed} hears of every byte taken off the connection
   * as soon as it is taken, so after a failure the caller knows exactly how much of the payload is
   * still to be skipped; {@code written} hears of every byte on the file.
   *
   * @param big a direct buffer for the bulk of the copy
   * @param keep receives a copy of the bytes when not null (room for {@code count} of them)
   * @throws TruncatedFrameException if the client closed before sending everything
   */
  void copyTo(
      FileChannel out,
      long count,
      CRC32C crc,
      ByteBuffer big,
      Traffic traffic,
      LongConsumer consumed,
      LongConsumer written,
      ByteBuffer keep)
      throws IOException {
    long left = count;
    if (count > big.capacity()) {
      // Bytes that arrived with the header first.
      while (left > 0 && buf.hasRemaining()) {
        int n = (int) Math.min(left, buf.remaining());
        ByteBuffer slice = buf.slice(buf.position(), n);
        buf.position(buf.position() + n);
        consumed.accept(n);
        left -= n;
        write(out, slice, crc, traffic, written, keep);
      }
    }
    while (left > 0) {
      big.clear();
      if (big.capacity() > left) {
        big.limit((int) left);
      }
      int fromBuf = 0;
      if (buf.hasRemaining()) {
        // A file that fits the buffer is written once, with the bytes that came with the header
        // (a 4 KiB file in one write: one page, none of it to zero first).
        fromBuf = Math.min(buf.remaining(), big.remaining());
        big.put(buf.slice(buf.position(), fromBuf));
        buf.position(buf.position() + fromBuf);
        consumed.accept(fromBuf);
      }
      // Gather several socket reads per file write: fewer, larger writes.
      while (big.hasRemaining()) {
        int n = ch.read(big);
        if (n < 0) {
          throw new TruncatedFrameException(
              "client closed the connection with " + (left - big.position()) + " bytes unsent");
        }
        deadline.progress();
        if (n == 0 || big.position() >= big.capacity() / 2 && big.limit() == big.capacity()) {
          break;
        }
      }
      big.flip();
      int n = big.remaining();
      consumed.accept(n - fromBuf);
      left -= n;
      write(out, big, crc, traffic, written, keep);
    }
  }

  private static void write(
      FileChannel out,
      ByteBuffer bytes,
      CRC32C crc,
      Traffic traffic,
      LongConsumer written,
      ByteBuffer keep)
      throws IOException {
    int n = bytes.remaining();
    crc.update(bytes.duplicate());
    if (keep != null) {
      keep.put(bytes.duplicate());
    }
    writeFully(out, bytes);
    traffic.received(n);
    written.accept(n);
  }

  /** Reads and drops {@code count} bytes (the rest of a refused upload). */
  void discard(long count, ByteBuffer scratch) throws IOException {
    long left = count;
    int fromBuf = (int) Math.min(left, buf.remaining());
    buf.position(buf.position() + fromBuf);
    left -= fromBuf;
    while (left > 0) {
      scratch.clear();
      if (scratch.capacity() > left) {
        scratch.limit((int) left);
      }
      int n = ch.read(scratch);
      if (n < 0) {
        throw new TruncatedFrameException("client closed the connection during a refused upload");
      }
      deadline.progress();
      left -= n;
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws StoreWriteException {
    try {
      while (b.hasRemaining()) {
        out.write(b);
      }
    } catch (IOException e) {
      throw new StoreWriteException(e);
    }
  }
}
