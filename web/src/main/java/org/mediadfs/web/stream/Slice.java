package org.mediadfs.web.stream;

/**
 * A satisfiable byte range of a file, resolved against its length.
 *
 * @param start first byte, 0 ≤ start < file length
 * @param length bytes, ≥ 1
 */
public record Slice(long start, long length) {
  public Slice {
    if (start < 0 || length < 1) {
      throw new IllegalArgumentException("bad slice " + start + "+" + length);
    }
  }

  /** The last byte, inclusive, as HTTP writes it. */
  public long end() {
    return start + length - 1;
  }

  /** {@code bytes a-b/len} for a Content-Range header. */
  public String contentRange(long fileLength) {
    return "bytes " + start + "-" + end() + "/" + fileLength;
  }
}
