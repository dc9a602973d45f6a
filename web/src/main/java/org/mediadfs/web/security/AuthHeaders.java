package org.mediadfs.web.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Parses an {@code Authorization} header (RFC 9110 §11.6.2): HTTP Basic (RFC 7617, UTF-8) and
 * bearer tokens (RFC 6750). Pure; never throws on bad input.
 */
public final class AuthHeaders {
  private AuthHeaders() {}

  /** What a header carries. */
  public sealed interface Parsed {
    /** A user name and password. */
    record Basic(String user, String password) implements Parsed {
      @Override
      public String toString() {
        return "Basic[user=" + user + "]"; // never the password
      }
    }

    /** An opaque token. */
    record Bearer(String token) implements Parsed {
      @Override
      public String toString() {
        return "Bearer[...]";
      }
    }

    /** Another scheme, or a malformed value. */
    record Unusable(String why) implements Parsed {}
  }

  /** Longest header value looked at. */
  static final int MAX = 8192;

  /** Parses a header value (may be null). */
  public static Parsed parse(String header) {
    if (header == null || header.isBlank()) {
      return new Parsed.Unusable("no credentials");
    }
    if (header.length() > MAX) {
      return new Parsed.Unusable("credentials too long");
    }
    String h = header.strip();
    int sp = h.indexOf(' ');
    if (sp <= 0) {
      return new Parsed.Unusable("malformed Authorization header");
    }
    String scheme = h.substring(0, sp).toLowerCase(Locale.ROOT);
    String value = h.substring(sp + 1).strip();
    return switch (scheme) {
      case "basic" -> basic(value);
      case "bearer" -> bearer(value);
      default -> new Parsed.Unusable("unsupported authentication scheme " + h.substring(0, sp));
    };
  }

  private static Parsed basic(String value) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return new Parsed.Unusable("Basic credentials are not base64");
    }
    String s = new String(raw, StandardCharsets.UTF_8);
    int colon = s.indexOf(':');
    if (colon <= 0) {
      return new Parsed.Unusable("Basic credentials are not user:password");
    }
    return new Parsed.Basic(s.substring(0, colon), s.substring(colon + 1));
  }

  private static Parsed bearer(String value) {
    // RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    if (!value.matches("[A-Za-z0-9\\-._~+/]+=*")) {
      return new Parsed.Unusable("malformed bearer token");
    }
    return new Parsed.Bearer(value);
  }
}
