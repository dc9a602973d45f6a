package org.mediadfs.wire.codec;

/**
 * Bounds that decoding enforces before it allocates anything.
 *
 * @param maxControlBody largest body of a message without payload (everything but uploads and
 *     file-carrying replies), in bytes
 * @param maxPayload largest file payload (upload size, download reply length)
 */
public record Limits(int maxControlBody, long maxPayload) {
  /** 1 MiB of control body; payloads up to 1 TiB. */
  public static final Limits DEFAULT = new Limits(1 << 20, 1L << 40);

  public Limits {
    if (maxControlBody < 1024) {
      throw new IllegalArgumentException("maxControlBody must be at least 1024: " + maxControlBody);
    }
    if (maxPayload < 0) {
      throw new IllegalArgumentException("maxPayload is negative: " + maxPayload);
    }
  }

  /** The same limits with another payload maximum. */
  public Limits withMaxPayload(long max) {
    return new Limits(maxControlBody, max);
  }
}
