package org.mediadfs.client.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations for tables and progress bars. */
public final class Units {
  private Units() {}

  /** 1536 → "1.5 KiB". */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }

  /** Parses "4k", "256MiB", "1g", "1048576" (binary units). */
  public static long parseBytes(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long mult = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> mult = 1L << 10;
        case 'm' -> mult = 1L << 20;
        case 'g' -> mult = 1L << 30;
        case 't' -> mult = 1L << 40;
        default -> mult = 1;
      }
      if (mult != 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      long v = Long.parseLong(t.strip());
      if (v < 0) {
        throw new IllegalArgumentException("negative size: " + s);
      }
      return Math.multiplyExact(v, mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a size: " + s, e);
    }
  }

  /** 65 s → "1m05s"; under a minute "12s". */
  public static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
