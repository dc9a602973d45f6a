package org.mediadfs.wire;

import java.util.Locale;

/**
 * The original's 4-level, 512-way file layout (seed-reference §6.3): an ID from the ID server is
 * written in base 512; the three high digits name directories {@code %03X/%03X/%03X} and the low
 * digit ends the file name {@code <unix seconds %X>_<%03X>}. ID 0 at 0x649E782B gives {@code
 * 000/000/000/649E782B_000}; 512 gives {@code 000/000/001/…_000}; 262144 gives {@code
 * 000/001/000/…_000}. IDs of 512⁴ and more do not fit and are refused (seed bug 21 dropped the top
 * digit silently).
 */
public final class StoragePaths {
  /** How many IDs one key can name. */
  public static final long CAPACITY = 512L * 512 * 512 * 512;

  private StoragePaths() {}

  /**
   * The path of a file relative to its store root, with {@code /} separators.
   *
   * @param id the ID server's ID, 0 ≤ id < {@link #CAPACITY}
   * @param epochSeconds the creation time written into the name
   */
  public static String relativePath(long id, long epochSeconds) {
    if (id < 0 || id >= CAPACITY) {
      throw new IllegalArgumentException("id out of the 512^4 layout: " + id);
    }
    long d0 = id % 512;
    long d1 = (id / 512) % 512;
    long d2 = (id / (512L * 512)) % 512;
    long d3 = id / (512L * 512 * 512);
    // By hand rather than String.format: it runs for every upload.
    StringBuilder b = new StringBuilder(32);
    hex3(b, d3).append('/');
    hex3(b, d2).append('/');
    hex3(b, d1).append('/');
    b.append(Long.toHexString(epochSeconds & 0xFFFFFFFFL).toUpperCase(Locale.ROOT)).append('_');
    return hex3(b, d0).toString();
  }

  private static StringBuilder hex3(StringBuilder b, long v) {
    String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
    for (int i = h.length(); i < 3; i++) {
      b.append('0');
    }
    return b.append(h);
  }

  /**
   * The original's {@code id512}: each base-512 digit placed in a decimal group of three (513
   * becomes 1001). Kept for reference and tests of the layout.
   */
  public static long id512(long id) {
    long result = 0;
    long scale = 1;
    while (id > 0) {
      result += (id % 512) * scale;
      id /= 512;
      scale *= 1000;
    }
    return result;
  }

  private static final java.util.regex.Pattern LAYOUT =
      java.util.regex.Pattern.compile(
          "[0-9A-F]{3}/[0-9A-F]{3}/[0-9A-F]{3}/[0-9A-F]{1,16}_[0-9A-F]{3}");

  /** True when {@code path} has the shape this layout produces (used to refuse path tricks). */
  public static boolean isLayoutPath(String path) {
    return path != null && LAYOUT.matcher(path).matches();
  }
}
