package org.mediadfs.web.portal;

import java.time.Duration;

/**
 * How long a shared link works: the choices the watch page offers. A link carries its expiry in its
 * signature, so it cannot be extended, only replaced by a new one.
 */
public enum ShareLifetime {
  HOUR("1h", "1 hour", Duration.ofHours(1)),
  DAY("1d", "1 day", Duration.ofDays(1)),
  WEEK("7d", "7 days", Duration.ofDays(7)),
  MONTH("30d", "30 days", Duration.ofDays(30));

  private final String code;
  private final String label;
  private final Duration duration;

  ShareLifetime(String code, String label, Duration duration) {
    this.code = code;
    this.label = label;
    this.duration = duration;
  }

  /** The form value. */
  public String code() {
    return code;
  }

  /** What the page shows. */
  public String label() {
    return label;
  }

  /** How long the link works. */
  public Duration duration() {
    return duration;
  }

  /** The choice a form sent; {@link #DAY} for anything else. */
  public static ShareLifetime parse(String code) {
    for (ShareLifetime l : values()) {
      if (l.code.equals(code)) {
        return l;
      }
    }
    return DAY;
  }
}
