package org.mediadfs.web.portal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the portal shows sizes, times and rates. Pure; the pages get these strings ready-made. */
public final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private Formats() {}

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 4.0 GiB}: binary units, one decimal above bytes. */
  public static String size(long bytes) {
    if (bytes < 0) {
      return "-" + size(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = 0;
    double v = bytes;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    // 1023.95 KiB would print as "1024.0 KiB": show it as the next unit instead.
    if (v >= 1023.95 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
  }

  /** A rate in bytes per second, e.g. {@code 12.5 MiB/s}. */
  public static String rate(long bytesPerSecond) {
    return size(bytesPerSecond) + "/s";
  }

  /** {@code 2025-11-26 14:59} in the given zone. */
  public static String dateTime(Instant t, ZoneId zone) {
    return DATE_TIME.format(t.atZone(zone));
  }

  /**
   * A software version as people write it: {@code v0.1.0} for a version number, anything else (a
   * build name such as {@code mediadfs-1}) as it is.
   */
  public static String version(String v) {
    return !v.isEmpty() && Character.isDigit(v.charAt(0)) ? "v" + v : v;
  }

  /** How long ago, roughly: {@code 5 s}, {@code 3 min}, {@code 2 h}, {@code 4 d}. */
  public static String age(Instant then, Instant now) {
    long s = Math.max(0, now.getEpochSecond() - then.getEpochSecond());
    if (s < 120) {
      return s + " s";
    }
    if (s < 2 * 3600) {
      return s / 60 + " min";
    }
    if (s < 2 * 86400) {
      return s / 3600 + " h";
    }
    return s / 86400 + " d";
  }
}
