package org.mediadfs.web.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks stream links: {@code sig = HMAC-SHA256(key[kid], fileId "\n" exp "\n" kid)},
 * carried as query parameters {@code kid}, {@code exp} (epoch seconds) and {@code sig} (base64url,
 * no padding). New links are signed with the current key; links signed with any key still in the
 * ring verify until they expire, so a key can be rotated by adding a new current key and removing
 * the old one only after the longest link lifetime.
 */
public final class LinkSigner {
  private static final String ALGORITHM = "HmacSHA256";

  private final Map<String, byte[]> keys;
  private final String currentKeyId;

  /**
   * @param keys key ID → secret (at least 16 bytes each)
   * @param currentKeyId the key new links are signed with
   */
  public LinkSigner(Map<String, byte[]> keys, String currentKeyId) {
    if (!keys.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("current key " + currentKeyId + " is not in the key ring");
    }
    Map<String, byte[]> copy = new LinkedHashMap<>();
    keys.forEach(
        (kid, secret) -> {
          if (kid.isEmpty() || !kid.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("bad key id: " + kid);
          }
          if (secret.length < 16) {
            throw new IllegalArgumentException("key " + kid + " is shorter than 16 bytes");
          }
          copy.put(kid, secret.clone());
        });
    this.keys = Map.copyOf(copy);
    this.currentKeyId = currentKeyId;
  }

  /**
   * Parses a key ring written as {@code kid:base64secret;kid2:base64secret}; the first key is the
   * current one.
   */
  public static LinkSigner parse(String ring) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String first = null;
    for (String entry : ring.split(";")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("key ring entry is not kid:base64secret");
      }
      String kid = e.substring(0, colon);
      keys.put(kid, Base64.getDecoder().decode(e.substring(colon + 1)));
      first = first == null ? kid : first;
    }
    if (first == null) {
      throw new IllegalArgumentException("key ring is empty");
    }
    return new LinkSigner(keys, first);
  }

  /** A signed link's query parameters. */
  public record Signature(String kid, long exp, String sig) {
    /** {@code kid=..&exp=..&sig=..}. */
    public String query() {
      return "kid=" + kid + "&exp=" + exp + "&sig=" + sig;
    }
  }

  /** Signs a link to {@code fileId} valid until {@code expiry}. */
  public Signature sign(String fileId, Instant expiry) {
    long exp = expiry.getEpochSecond();
    return new Signature(currentKeyId, exp, mac(keys.get(currentKeyId), fileId, exp, currentKeyId));
  }

  /** Why a link was refused, or {@link Verdict#VALID}. */
  public enum Verdict {
    VALID,
    MISSING,
    UNKNOWN_KEY,
    EXPIRED,
    BAD_SIGNATURE
  }

  /** Checks a link's parameters (any may be null) at {@code now}. */
  public Verdict verify(String fileId, String kid, String exp, String sig, Instant now) {
    if (kid == null || exp == null || sig == null) {
      return Verdict.MISSING;
    }
    byte[] key = keys.get(kid);
    if (key == null) {
      return Verdict.UNKNOWN_KEY;
    }
    long expiry;
    try {
      expiry = Long.parseLong(exp);
    } catch (NumberFormatException e) {
      return Verdict.BAD_SIGNATURE;
    }
    String expected = mac(key, fileId, expiry, kid);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.BAD_SIGNATURE;
    }
    return now.getEpochSecond() > expiry ? Verdict.EXPIRED : Verdict.VALID;
  }

  /** The key new links are signed with. */
  public String currentKeyId() {
    return currentKeyId;
  }

  private static String mac(byte[] key, String fileId, long exp, String kid) {
    Objects.requireNonNull(fileId, "fileId");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      byte[] out = mac.doFinal((fileId + "\n" + exp + "\n" + kid).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
