package org.mediadfs.web.stream;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 §14.6): for each slice a preamble
 * (boundary line, {@code Content-Type}, {@code Content-Range}, blank line), then the slice's bytes;
 * after the last slice the closing boundary. The bytes themselves are streamed by the caller
 * between {@link #preamble(int)} and the next part, so the exact {@code Content-Length} is known
 * before the first byte is sent. Pure and immutable.
 *
 * <pre>
 * --B CRLF Content-Type: t CRLF Content-Range: bytes a-b/len CRLF CRLF [bytes]
 * CRLF --B CRLF ... CRLF [bytes]
 * CRLF --B-- CRLF
 * </pre>
 */
public final class MultipartByteranges {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String boundary;
  private final List<Slice> slices;
  private final List<byte[]> preambles;
  private final byte[] epilogue;
  private final long contentLength;

  /**
   * @param boundary the boundary (1-70 characters of RFC 2046 {@code bchars}, no space)
   * @param contentType the type of the whole file, repeated in every part
   * @param fileLength the file's length, for {@code Content-Range}
   * @param slices the ranges, in the order requested; at least one
   */
  public MultipartByteranges(
      String boundary, String contentType, long fileLength, List<Slice> slices) {
    if (boundary.isEmpty()
        || boundary.length() > 70
        || !boundary.matches("[0-9A-Za-z'()+_,.:=?-]+")) {
      throw new IllegalArgumentException("bad boundary: " + boundary);
    }
    if (slices.isEmpty()) {
      throw new IllegalArgumentException("no slices");
    }
    this.boundary = boundary;
    this.slices = List.copyOf(slices);
    List<byte[]> pre = new ArrayList<>(slices.size());
    long total = 0;
    for (int i = 0; i < slices.size(); i++) {
      Slice s = slices.get(i);
      String p =
          (i == 0 ? "" : "\r\n")
              + "--"
              + boundary
              + "\r\nContent-Type: "
              + contentType
              + "\r\nContent-Range: "
              + s.contentRange(fileLength)
              + "\r\n\r\n";
      byte[] b = p.getBytes(StandardCharsets.ISO_8859_1);
      pre.add(b);
      total += b.length + s.length();
    }
    this.preambles = List.copyOf(pre);
    this.epilogue = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    this.contentLength = total + epilogue.length;
  }

  /** A fresh random boundary (unguessable, so file bytes cannot fake a part). */
  public static String randomBoundary() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return "mediadfs-" + HexFormat.of().formatHex(b);
  }

  /** The {@code Content-Type} of the whole response. */
  public String contentType() {
    return "multipart/byteranges; boundary=" + boundary;
  }

  /** The slices, in order. */
  public List<Slice> slices() {
    return slices;
  }

  /** The bytes that precede slice {@code i}. */
  public byte[] preamble(int i) {
    return preambles.get(i).clone();
  }

  /** The bytes after the last slice. */
  public byte[] epilogue() {
    return epilogue.clone();
  }

  /** The exact length of the whole body. */
  public long contentLength() {
    return contentLength;
  }
}
