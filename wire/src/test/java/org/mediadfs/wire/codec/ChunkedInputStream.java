package org.mediadfs.wire.codec;

import java.io.InputStream;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Delivers bytes the way a socket may: a few at a time. Each {@code read} returns at most the next
 * chunk size; {@code skip} is as stingy and {@code available} says nothing is buffered, so the
 * decoder cannot rely on either.
 */
final class ChunkedInputStream extends InputStream {
  private final byte[] data;
  private final IntSupplier chunk;
  private int pos;

  ChunkedInputStream(byte[] data, IntSupplier chunk) {
    this.data = data;
    this.chunk = chunk;
  }

  /** One byte per read. */
  static ChunkedInputStream singleBytes(byte[] data) {
    return new ChunkedInputStream(data, () -> 1);
  }

  /** Random chunks of 1 to 7 bytes from a seeded source. */
  static ChunkedInputStream oddChunks(byte[] data, long seed) {
    Random rnd = new Random(seed);
    return new ChunkedInputStream(data, () -> 1 + rnd.nextInt(7));
  }

  @Override
  public int read() {
    return pos < data.length ? data[pos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= data.length) {
      return -1;
    }
    int n = Math.min(Math.min(len, Math.max(1, chunk.getAsInt())), data.length - pos);
    System.arraycopy(data, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) {
    // Like a socket stream at its end of buffer: sometimes skips nothing, forcing a read.
    if (n <= 0 || pos >= data.length) {
      return 0;
    }
    int step = chunk.getAsInt() % 2 == 0 ? 0 : (int) Math.min(n, data.length - pos);
    pos += Math.min(step, 3);
    return Math.min(step, 3);
  }

  @Override
  public int available() {
    return 0;
  }

  /** Bytes consumed so far. */
  int position() {
    return pos;
  }
}
