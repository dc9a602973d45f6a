package org.mediadfs.web.portal;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The portal's own settings, read once from MicroProfile Config (system properties, then
 * environment variables such as {@code MEDIADFS_WEB_MAX_UPLOAD}, then {@code
 * microprofile-config.properties}).
 *
 * @param maxUpload {@code mediadfs.web.max-upload}: the largest upload accepted through the portal,
 *     in bytes or with a binary suffix ({@code 512m}, {@code 4g}); default 4 GiB
 * @param pageSize {@code mediadfs.web.page-size}: library rows per page, 1 to {@value
 *     Page#MAX_SIZE}; default 20
 */
public record PortalSettings(long maxUpload, int pageSize) {
  public static final String MAX_UPLOAD = "mediadfs.web.max-upload";
  public static final String PAGE_SIZE = "mediadfs.web.page-size";

  /** 4 GiB. */
  public static final long DEFAULT_MAX_UPLOAD = 4L << 30;

  public static final int DEFAULT_PAGE_SIZE = 20;

  public PortalSettings {
    if (maxUpload < 1) {
      throw new IllegalArgumentException(MAX_UPLOAD + " must be at least 1 byte");
    }
    if (pageSize < 1 || pageSize > Page.MAX_SIZE) {
      throw new IllegalArgumentException(PAGE_SIZE + " must be 1 to " + Page.MAX_SIZE);
    }
  }

  /** Reads and validates the settings. */
  public static PortalSettings from(Config c) {
    return from(key -> c.getOptionalValue(key, String.class));
  }

  /** Reads the settings from any lookup (unit tests). */
  public static PortalSettings from(Function<String, Optional<String>> c) {
    long max =
        c.apply(MAX_UPLOAD)
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(s -> bytes(MAX_UPLOAD, s))
            .orElse(DEFAULT_MAX_UPLOAD);
    int page =
        c.apply(PAGE_SIZE)
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(s -> (int) bytes(PAGE_SIZE, s))
            .orElse(DEFAULT_PAGE_SIZE);
    return new PortalSettings(max, page);
  }

  /** {@code 123}, {@code 64k}, {@code 512M}, {@code 4g}, {@code 1t} (binary multiples). */
  static long bytes(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.endsWith("ib")) {
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    }
    int shift = 0;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = 0;
      }
    }
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1).strip();
    long n;
    try {
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a size: " + value, e);
    }
    if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException(key + " is out of range: " + value);
    }
    return n << shift;
  }
}
