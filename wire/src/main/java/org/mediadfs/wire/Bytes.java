package org.mediadfs.wire;

/**
 * Big-endian two's-complement integers, the original's {@code llton/ntoll}, {@code lton/ntol} and
 * {@code ston/ntos} done right: decoding starts from zero and ORs each byte in (the seed notes'
 * versions assign with {@code =} and keep only the last byte; seed-reference §13.1).
 */
public final class Bytes {
  private Bytes() {}

  /** Writes 8 bytes at {@code off}. */
  public static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  /** Reads 8 bytes at {@code off}. */
  public static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  /** Writes 4 bytes at {@code off}. */
  public static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  /** Reads 4 bytes at {@code off}. */
  public static int getInt(byte[] b, int off) {
    return (b[off] & 0xFF) << 24
        | (b[off + 1] & 0xFF) << 16
        | (b[off + 2] & 0xFF) << 8
        | (b[off + 3] & 0xFF);
  }

  /** Writes 2 bytes at {@code off}. */
  public static void putShort(byte[] b, int off, short v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  /** Reads 2 bytes at {@code off} as a signed short. */
  public static short getShort(byte[] b, int off) {
    return (short) ((b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF));
  }
}
