package org.mediadfs.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rules and helpers for user names, passwords and tokens, shared by the identity store definition,
 * account management and the first-admin bootstrap. Pure.
 */
public final class Credentials {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /**
   * How passwords are hashed ({@code Pbkdf2PasswordHash}): PBKDF2 with HMAC-SHA-512, 210,000
   * iterations by default (OWASP's figure for this PRF), 32-byte salt, 64-byte key. The stored
   * value names its own parameters, so changing the iterations later keeps old hashes valid.
   */
  public static final Map<String, String> HASH_PARAMETERS = hashParameters(210_000);

  /**
   * {@link #HASH_PARAMETERS} with another iteration count ({@code
   * mediadfs.web.password-iterations}).
   */
  public static Map<String, String> hashParameters(int iterations) {
    return Map.of(
        "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
        "Pbkdf2PasswordHash.Iterations", Integer.toString(iterations),
        "Pbkdf2PasswordHash.SaltSizeBytes", "32",
        "Pbkdf2PasswordHash.KeySizeBytes", "64");
  }

  /** Shortest password accepted. */
  public static final int PASSWORD_MIN = 8;

  /** Longest password accepted (PBKDF2 hashes the whole of it). */
  public static final int PASSWORD_MAX = 1024;

  /** The prefix of API tokens, so that leaked ones are easy to recognise. */
  public static final String TOKEN_PREFIX = "mdfs_";

  private Credentials() {}

  /** True for a valid user name: 1-64 of {@code [A-Za-z0-9._@-]}. */
  public static boolean validUserName(String s) {
    return s != null && USER_NAME.matcher(s).matches();
  }

  /** Why a password is refused, or null when it is acceptable. */
  public static String passwordProblem(String p) {
    if (p == null || p.length() < PASSWORD_MIN) {
      return "a password has at least " + PASSWORD_MIN + " characters";
    }
    if (p.length() > PASSWORD_MAX) {
      return "a password has at most " + PASSWORD_MAX + " characters";
    }
    return null;
  }

  /** A random password of 24 URL-safe characters (144 bits). */
  public static String randomPassword() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A new API token: the prefix and 256 random bits, URL-safe. */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Random bytes (link keys). */
  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** SHA-256 as 64 hex digits: how tokens are stored and looked up. */
  public static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
