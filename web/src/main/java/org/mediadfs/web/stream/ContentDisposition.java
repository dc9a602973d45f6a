package org.mediadfs.web.stream;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} values (RFC 6266) with a file name any browser understands: a quoted
 * ASCII fallback in {@code filename} and the exact name, percent-encoded UTF-8, in {@code
 * filename*} (RFC 8187, which replaced RFC 5987). Pure.
 */
public final class ContentDisposition {
  private ContentDisposition() {}

  /** {@code inline; filename="..."; filename*=UTF-8''...}: play in the browser, save as name. */
  public static String inline(String fileName) {
    return "inline" + parameters(fileName);
  }

  /** {@code attachment; ...}: download rather than play. */
  public static String attachment(String fileName) {
    return "attachment" + parameters(fileName);
  }

  private static String parameters(String fileName) {
    return "; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encode(fileName);
  }

  /**
   * The name as a quoted-string that old clients read: non-ASCII and control characters become
   * {@code _}; quote and backslash are escaped.
   */
  static String asciiFallback(String name) {
    StringBuilder b = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp >= 0x7f) {
                b.append('_');
              } else if (cp == '"' || cp == '\\') {
                b.append('\\').append((char) cp);
              } else {
                b.append((char) cp);
              }
            });
    return b.toString();
  }

  /** RFC 8187 {@code value-chars}: attr-char kept, every other UTF-8 byte as {@code %XX}. */
  static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if (attrChar(c)) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return b.toString();
  }

  private static boolean attrChar(int c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
