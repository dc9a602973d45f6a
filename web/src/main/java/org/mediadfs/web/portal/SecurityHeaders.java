package org.mediadfs.web.portal;

/**
 * The response headers that keep browsers safe with this site, by kind of path. Pure.
 *
 * <ul>
 *   <li>Everywhere: {@code X-Content-Type-Options: nosniff} (a file is never run as something its
 *       type does not say), {@code Referrer-Policy: same-origin} (signed links never leak in a
 *       {@code Referer}), and no framing by other sites ({@code frame-ancestors 'self'}, {@code
 *       X-Frame-Options: SAMEORIGIN} for old browsers).
 *   <li>Portal pages: a content security policy that allows only this site's own scripts, styles,
 *       media and forms: no inline script, so an escaping mistake cannot become script.
 *   <li>Stream URLs ({@code /files/*}): {@code sandbox}, so even a file served with a document type
 *       opened directly runs no script with this site's cookies.
 * </ul>
 */
public final class SecurityHeaders {
  /** The policy of portal pages. */
  public static final String PAGE_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'self'";

  /** The policy of stream responses. */
  public static final String FILE_POLICY = "sandbox; frame-ancestors 'self'";

  /** The policy of everything else (API, static files). */
  public static final String OTHER_POLICY = "frame-ancestors 'self'";

  private SecurityHeaders() {}

  /** The kinds of path with their own policy. */
  public enum Kind {
    PAGE,
    FILE,
    OTHER
  }

  /** The kind of a path inside the application ({@code /files/x}, {@code /api/x}, {@code /}). */
  public static Kind kindOf(String path) {
    if (path.equals("/files") || path.startsWith("/files/")) {
      return Kind.FILE;
    }
    if (path.equals("/api")
        || path.startsWith("/api/")
        || path.startsWith("/static/")
        || path.startsWith("/health")
        || path.startsWith("/metrics")
        || path.startsWith("/openapi")) {
      return Kind.OTHER;
    }
    return Kind.PAGE;
  }

  /** The {@code Content-Security-Policy} for a kind of path. */
  public static String policy(Kind kind) {
    return switch (kind) {
      case PAGE -> PAGE_POLICY;
      case FILE -> FILE_POLICY;
      case OTHER -> OTHER_POLICY;
    };
  }
}
