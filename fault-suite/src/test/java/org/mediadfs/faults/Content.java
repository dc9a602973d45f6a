package org.mediadfs.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * File contents derived from a seed, so the suite never keeps the bytes it uploaded: any range of a
 * file can be produced again from {@code (seed, offset)}. The bytes are made in independent 64 KiB
 * blocks, each from its own {@link SplittableRandom}, so a range costs at most one extra block.
 */
final class Content {
  static final int BLOCK = 64 * 1024;

  private Content() {}

  /** CRC32C and SHA-256 of some bytes. */
  record Digest(long size, long crc32c, byte[] sha256) {
    boolean matches(Digest o) {
      return size == o.size && crc32c == o.crc32c && Arrays.equals(sha256, o.sha256);
    }

    @Override
    public String toString() {
      return size + " B, crc32c " + Long.toHexString(crc32c) + ", sha256 " + shortSha();
    }

    String shortSha() {
      return HexFormat.of().formatHex(sha256, 0, 8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && matches(d);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(crc32c);
    }
  }

  /** Computes a {@link Digest} of what is written to it. */
  static final class DigestStream extends OutputStream {
    private final CRC32C crc = new CRC32C();
    private final MessageDigest sha = sha256();
    private long size;

    @Override
    public void write(int b) {
      crc.update(b);
      sha.update((byte) b);
      size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      crc.update(b, off, len);
      sha.update(b, off, len);
      size += len;
    }

    /** Bytes written so far (does not disturb the digest). */
    long size() {
      return size;
    }

    /** The digest; call once, at the end (it resets the SHA-256 state). */
    Digest digest() {
      return new Digest(size, crc.getValue(), sha.digest());
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fills {@code buf[off, off+len)} with the bytes at {@code [position, position+len)}. */
  static void fill(long seed, long position, byte[] buf, int off, int len) {
    byte[] block = new byte[BLOCK];
    long done = 0;
    while (done < len) {
      long p = position + done;
      long index = p / BLOCK;
      int within = (int) (p % BLOCK);
      block(seed, index, block);
      int n = (int) Math.min(BLOCK - within, len - done);
      System.arraycopy(block, within, buf, off + (int) done, n);
      done += n;
    }
  }

  private static void block(long seed, long index, byte[] into) {
    new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL).nextBytes(into);
  }

  /** The whole file as an array (small files). */
  static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    fill(seed, 0, b, 0, size);
    return b;
  }

  /** The bytes {@code [offset, offset+length)} as a stream. */
  static InputStream stream(long seed, long offset, long length) {
    return new InputStream() {
      private final byte[] block = new byte[BLOCK];
      private long pos = offset;
      private final long end = offset + length;
      private long blockIndex = -1;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= end) {
          return -1;
        }
        long index = pos / BLOCK;
        if (index != blockIndex) {
          block(seed, index, block);
          blockIndex = index;
        }
        int within = (int) (pos % BLOCK);
        int n = (int) Math.min(Math.min(len, BLOCK - within), end - pos);
        System.arraycopy(block, within, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** The digest of the bytes {@code [offset, offset+length)}. */
  static Digest digest(long seed, long offset, long length) {
    DigestStream d = new DigestStream();
    try (InputStream in = stream(seed, offset, length)) {
      in.transferTo(d);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    return d.digest();
  }

  /**
   * Writes the whole file to {@code path} (large uploads go from a file, so they can fail over).
   */
  static void write(long seed, long size, Path path) throws IOException {
    try (InputStream in = stream(seed, 0, size);
        OutputStream out = Files.newOutputStream(path)) {
      in.transferTo(out);
    }
  }
}
