package org.mediadfs.web.stream;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Conditional requests (RFC 9110 §13.2.2), evaluated in the order the RFC gives: If-Match,
 * If-Unmodified-Since, If-None-Match, If-Modified-Since, then If-Range. Pure; no I/O.
 */
public final class Preconditions {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private Preconditions() {}

  /** What to do before any body is sent. */
  public enum Outcome {
    /** Go on and serve (ranges honoured). */
    PROCEED,
    /** Go on but ignore the Range header: If-Range did not match. */
    PROCEED_IGNORE_RANGE,
    /** 304 Not Modified. */
    NOT_MODIFIED,
    /** 412 Precondition Failed. */
    PRECONDITION_FAILED
  }

  /** The request's conditional headers; any may be null. */
  public record Headers(
      String ifMatch,
      String ifNoneMatch,
      String ifModifiedSince,
      String ifUnmodifiedSince,
      String ifRange,
      String range) {}

  /**
   * Evaluates the conditions for a GET or HEAD of a representation.
   *
   * @param etag the strong entity tag, quoted (e.g. {@code "1a2b-400"})
   * @param lastModified the representation's modification time
   */
  public static Outcome evaluate(Headers h, String etag, Instant lastModified) {
    Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
    if (h.ifMatch() != null) {
      if (!matches(h.ifMatch(), etag, true)) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else if (h.ifUnmodifiedSince() != null) {
      Optional<Instant> d = parseDate(h.ifUnmodifiedSince());
      if (d.isPresent() && modified.isAfter(d.get())) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    if (h.ifNoneMatch() != null) {
      if (matches(h.ifNoneMatch(), etag, false)) {
        return Outcome.NOT_MODIFIED;
      }
    } else if (h.ifModifiedSince() != null) {
      Optional<Instant> d = parseDate(h.ifModifiedSince());
      if (d.isPresent() && !modified.isAfter(d.get())) {
        return Outcome.NOT_MODIFIED;
      }
    }
    if (h.range() != null && h.ifRange() != null) {
      String ir = h.ifRange().strip();
      boolean ok;
      if (ir.startsWith("\"") || ir.startsWith("W/")) {
        ok = !ir.startsWith("W/") && ir.equals(etag);
      } else {
        ok = parseDate(ir).map(modified::equals).orElse(false);
      }
      if (!ok) {
        return Outcome.PROCEED_IGNORE_RANGE;
      }
    }
    return Outcome.PROCEED;
  }

  /**
   * True if the list ({@code *} or comma-separated tags) contains {@code etag}. Strong comparison
   * ignores weak tags; weak comparison ignores the {@code W/} prefix.
   */
  static boolean matches(String list, String etag, boolean strong) {
    String l = list.strip();
    if (l.equals("*")) {
      return true;
    }
    for (String raw : l.split(",")) {
      String t = raw.strip();
      boolean weak = t.startsWith("W/");
      if (weak) {
        if (strong) {
          continue;
        }
        t = t.substring(2);
      }
      if (t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** Parses an IMF-fixdate; an unparsable date is ignored, as RFC 9110 requires. */
  public static Optional<Instant> parseDate(String s) {
    try {
      return Optional.of(ZonedDateTime.parse(s.strip(), HTTP_DATE).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Formats an instant as an IMF-fixdate for Last-Modified. */
  public static String formatDate(Instant t) {
    return HTTP_DATE.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
  }

  /** The strong entity tag of a stored file: its CRC32C and size, which never change. */
  public static String etag(long crc32c, long size) {
    return "\"" + Long.toHexString(crc32c) + "-" + Long.toHexString(size) + "\"";
  }
}
