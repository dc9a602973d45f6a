package org.mediadfs.client.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * {@code length} bytes of incompressible data made by repeating a random 1 MiB block, so large
 * uploads need neither a source file (whose reads would compete with the node's disk) nor memory of
 * their size.
 */
final class PatternStream extends InputStream {
  static final int BLOCK = 1 << 20;

  private final byte[] block;
  private final long length;
  private long pos;

  PatternStream(long length, long seed) {
    this.length = length;
    this.block = new byte[BLOCK];
    new SplittableRandom(seed).nextBytes(block);
  }

  @Override
  public int read() {
    if (pos >= length) {
      return -1;
    }
    return block[(int) (pos++ % BLOCK)] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos >= length) {
      return -1;
    }
    int at = (int) (pos % BLOCK);
    int n = (int) Math.min(Math.min(len, BLOCK - at), length - pos);
    System.arraycopy(block, at, b, off, n);
    pos += n;
    return n;
  }

  /** The repeated block (for baselines that send the same bytes). */
  byte[] block() {
    return block;
  }
}
