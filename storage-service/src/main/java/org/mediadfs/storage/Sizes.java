package org.mediadfs.storage;

import java.util.Locale;

/**
 * Byte sizes as operators write them in configuration: a whole number with an optional binary
 * suffix ({@code 1024}, {@code 64k}, {@code 512M}, {@code 2G}, {@code 1T}; {@code B}, {@code iB}
 * after the letter are allowed). Overflow and negative values are refused, never wrapped.
 */
public final class Sizes {
  private Sizes() {}

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException with a message naming the bad text
   */
  public static long parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty size");
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> shift = 10;
        case 'M' -> shift = 20;
        case 'G' -> shift = 30;
        case 'T' -> shift = 40;
        default -> shift = 0;
      }
      if (shift > 0) {
        t = t.substring(0, t.length() - 1).strip();
      }
    }
    long base;
    try {
      base = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "'", e);
    }
    if (base < 0) {
      throw new IllegalArgumentException("negative size: '" + text + "'");
    }
    if (shift > 0 && base > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size too large: '" + text + "'");
    }
    return base << shift;
  }

  /** A short human rendering (for logs), e.g. {@code 1.5 GiB}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
