package org.mediadfs.wire;

import java.nio.charset.StandardCharsets;

/**
 * Which of the original's three file tables holds a user's rows (seed-reference §6.6): an AP-hash
 * variant over the user ID's bytes taken as signed chars, all arithmetic 32-bit unsigned. {@code
 * tnv001} goes to {@code t_file_02}.
 */
public final class UserTables {
  /** How many tables there are. */
  public static final int COUNT = 3;

  private UserTables() {}

  /** The raw 32-bit hash as an unsigned value. */
  public static long hash(String userId) {
    int h = 0;
    byte[] bytes = userId.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i]; // signed char promoted to int, as in the original
      if ((i & 1) == 1) {
        h ^= ~((h << 11) ^ c ^ (h >>> 5));
      } else {
        h ^= (h << 7) ^ c ^ (h >>> 3);
      }
    }
    return h & 0xFFFFFFFFL;
  }

  /** 1, 2 or 3. */
  public static int tableNumber(String userId) {
    return (int) ((hash(userId) & 0x7FFFFFFFL) % COUNT) + 1;
  }

  /** {@code t_file_01}, {@code t_file_02} or {@code t_file_03}. */
  public static String tableName(String userId) {
    return NAMES[tableNumber(userId) - 1];
  }

  private static final String[] NAMES = {"t_file_01", "t_file_02", "t_file_03"};
}
