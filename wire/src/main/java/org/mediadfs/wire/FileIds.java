package org.mediadfs.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The original client's 36-character file ID ({@code genfileid}, seed-reference §7): seconds
 * ({@code %08x}), microseconds ({@code %06x}), 16 hex characters of an MD5 of {@code
 * user@pid@thread@random}, a counter wrapping at 8000 ({@code %04d}) and a random {@code %02d}. The
 * counter is atomic and the random source is not reseeded by the clock (seed bugs 12, 20).
 */
public final class FileIds {
  /** Length of a generated ID. */
  public static final int LENGTH = 36;

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private FileIds() {}

  /**
   * The instant a file ID of this format was made (its first 8 hex digits, epoch seconds, on the
   * generating client's clock), or empty when the ID does not have that form.
   */
  public static java.util.Optional<Instant> createdAt(String fileId) {
    if (fileId == null || fileId.length() != LENGTH) {
      return java.util.Optional.empty();
    }
    for (int i = 0; i < 8; i++) {
      if (Character.digit(fileId.charAt(i), 16) < 0) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(Instant.ofEpochSecond(Long.parseLong(fileId, 0, 8, 16)));
  }

  /** A new file ID for this user at this instant. */
  public static String generate(String userId) {
    return generate(userId, Instant.now());
  }

  /** A new file ID for this user at the given instant (tests pass a fixed clock). */
  public static String generate(String userId, Instant now) {
    long pid = ProcessHandle.current().pid();
    String seed =
        userId
            + "@"
            + pid
            + "@"
            + Long.toHexString(Thread.currentThread().threadId())
            + "@"
            + RANDOM.nextInt(Integer.MAX_VALUE);
    String md5;
    try {
      md5 =
          HEX.formatHex(
              MessageDigest.getInstance("MD5").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
    int counter = COUNTER.getAndUpdate(c -> (c + 1) % 8000);
    return String.format(
        "%08x%06x%s%04d%02d",
        now.getEpochSecond() & 0xFFFFFFFFL,
        (now.getNano() / 1000) & 0xFFFFFF,
        md5.substring(8, 24),
        counter,
        RANDOM.nextInt(100));
  }
}
