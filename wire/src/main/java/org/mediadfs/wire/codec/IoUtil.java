package org.mediadfs.wire.codec;

import java.io.IOException;
import java.io.InputStream;
import org.mediadfs.wire.TruncatedFrameException;

/** Exact reads that turn an early end of stream into {@link TruncatedFrameException}. */
final class IoUtil {
  private IoUtil() {}

  static byte[] readExactly(InputStream in, int n, String what) throws IOException {
    byte[] b = new byte[n];
    int got = in.readNBytes(b, 0, n);
    if (got < n) {
      throw new TruncatedFrameException(
          "stream ended after " + got + " of " + n + " bytes of " + what);
    }
    return b;
  }

  static void skipExactly(InputStream in, long n, String what) throws IOException {
    long left = n;
    byte[] scratch = null;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (scratch == null) {
          scratch = new byte[8192];
        }
        int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
        if (r < 0) {
          throw new TruncatedFrameException(
              "stream ended after " + (n - left) + " of " + n + " bytes of " + what);
        }
        skipped = r;
      }
      left -= skipped;
    }
  }
}
