package org.mediadfs.web.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The portal's CSRF rule, pure: every request that can change something ({@code POST}, {@code PUT},
 * {@code DELETE}, {@code PATCH}) must present the session's token, as the form field {@value
 * #FORM_FIELD} or, for script requests such as the upload {@code PUT}, the header {@value #HEADER}.
 * The token is the one the sign-in servlet keeps in the session ({@code LoginServlet.CSRF}), so a
 * session has exactly one token and a page served before sign-in cannot be replayed after it (the
 * token is replaced at sign-in). Comparison takes constant time.
 */
public final class Csrf {
  /** The form field every portal form carries. */
  public static final String FORM_FIELD = "csrf";

  /** The header script requests carry. */
  public static final String HEADER = "X-CSRF-Token";

  /** Methods that only read: no token needed (they must not change anything). */
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private Csrf() {}

  /** True for a method that must carry the token (anything not known to be safe). */
  public static boolean needsToken(String method) {
    return method == null || !SAFE.contains(method.toUpperCase(Locale.ROOT));
  }

  /**
   * The token a request presents: the header when it has one, else the form field (which a {@code
   * PUT} body is never parsed for).
   */
  public static String presented(String header, String formField) {
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    return formField;
  }

  /** True when {@code presented} is the session's token; false when either is missing or empty. */
  public static boolean matches(String expected, String presented) {
    if (expected == null || presented == null || expected.isEmpty() || presented.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
