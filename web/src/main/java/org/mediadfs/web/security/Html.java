package org.mediadfs.web.security;

/** HTML escaping for text and attribute values (OWASP rule #1 and #2). Pure. */
public final class Html {
  private Html() {}

  /**
   * Escapes {@code & < > " '} so that user text can go into element content or a quoted attribute.
   */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The page to go to after signing in: a path on this site, never another site ({@code //host},
   * {@code /\host} and absolute URLs are refused, against open redirects).
   */
  public static String safeNext(String next) {
    if (next == null
        || next.isEmpty()
        || next.length() > 2000
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "/";
      }
    }
    return next;
  }
}
