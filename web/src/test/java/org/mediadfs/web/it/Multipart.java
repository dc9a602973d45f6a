package org.mediadfs.web.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict reader of multipart/byteranges bodies, for checking the server's framing. */
final class Multipart {
  private Multipart() {}

  /** One part: its headers (lower-case names) and bytes. */
  record Part(Map<String, String> headers, byte[] body) {}

  /** The boundary parameter of a Content-Type. */
  static String boundary(String contentType) {
    int i = contentType.indexOf("boundary=");
    if (i < 0) {
      throw new AssertionError("no boundary in " + contentType);
    }
    return contentType.substring(i + "boundary=".length()).strip();
  }

  /** Splits a body; fails on any framing error. */
  static List<Part> parse(byte[] body, String boundary) {
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int pos = 0;
    if (!startsWith(body, pos, delim)) {
      throw new AssertionError("body does not start with the boundary");
    }
    while (true) {
      pos += delim.length;
      if (startsWith(body, pos, "--\r\n".getBytes(StandardCharsets.ISO_8859_1))) {
        if (pos + 4 != body.length) {
          throw new AssertionError("bytes after the closing boundary");
        }
        return parts;
      }
      pos = expect(body, pos, "\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      while (!startsWith(body, pos, "\r\n".getBytes(StandardCharsets.ISO_8859_1))) {
        int end = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
        String line = new String(body, pos, end - pos, StandardCharsets.ISO_8859_1);
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
        pos = end + 2;
      }
      pos += 2;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      int end = indexOf(body, next, pos);
      if (end < 0) {
        throw new AssertionError("unterminated part");
      }
      parts.add(new Part(headers, Arrays.copyOfRange(body, pos, end)));
      pos = end + 2;
    }
  }

  private static int expect(byte[] b, int pos, String s) {
    byte[] x = s.getBytes(StandardCharsets.ISO_8859_1);
    if (!startsWith(b, pos, x)) {
      throw new AssertionError("expected " + s.replace("\r\n", "CRLF") + " at " + pos);
    }
    return pos + x.length;
  }

  private static boolean startsWith(byte[] b, int pos, byte[] x) {
    if (pos + x.length > b.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (b[pos + i] != x[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, byte[] x, int from) {
    for (int i = from; i + x.length <= b.length; i++) {
      if (startsWith(b, i, x)) {
        return i;
      }
    }
    return -1;
  }
}
