package org.mediadfs.web.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code Range} header against a file length (RFC 9110 §14.1.2): {@code bytes=a-b}, {@code
 * a-}, {@code -n}, and lists of them. Pure; no I/O.
 *
 * <p>Rules: a syntactically invalid header or another unit is ignored (the whole file is served, as
 * §14.2 allows); ranges that start at or after the end are dropped; if none remain the request is
 * unsatisfiable. As an abuse guard (cf. SeaweedFS {@code ProcessRangeRequest}) a request with more
 * than {@value #MAX_RANGES} ranges, or whose ranges add up to more than the file, is served whole
 * instead.
 */
public final class RangeParser {
  /** Most ranges honoured in one request. */
  public static final int MAX_RANGES = 16;

  private RangeParser() {}

  /** Resolves {@code header} (may be null) against a file of {@code length} bytes. */
  public static RangeRequest parse(String header, long length) {
    if (header == null) {
      return new RangeRequest.Whole();
    }
    String h = header.strip();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
      return new RangeRequest.Whole();
    }
    String[] specs = h.substring(eq + 1).split(",", -1);
    if (specs.length > MAX_RANGES) {
      return new RangeRequest.Whole();
    }
    List<Slice> slices = new ArrayList<>();
    long total = 0;
    for (String raw : specs) {
      String spec = raw.strip();
      int dash = spec.indexOf('-');
      if (spec.isEmpty() || dash < 0) {
        return new RangeRequest.Whole();
      }
      String first = spec.substring(0, dash).strip();
      String last = spec.substring(dash + 1).strip();
      Long a = first.isEmpty() ? null : digits(first);
      Long b = last.isEmpty() ? null : digits(last);
      if ((!first.isEmpty() && a == null) || (!last.isEmpty() && b == null)) {
        return new RangeRequest.Whole();
      }
      Slice slice;
      if (a == null) {
        if (b == null) {
          return new RangeRequest.Whole();
        }
        // suffix: the last b bytes
        if (b == 0 || length == 0) {
          continue;
        }
        long n = Math.min(b, length);
        slice = new Slice(length - n, n);
      } else {
        if (b != null && b < a) {
          return new RangeRequest.Whole();
        }
        if (a >= length) {
          continue;
        }
        long end = b == null ? length - 1 : Math.min(b, length - 1);
        slice = new Slice(a, end - a + 1);
      }
      total += slice.length();
      slices.add(slice);
    }
    if (slices.isEmpty()) {
      return new RangeRequest.Unsatisfiable();
    }
    if (slices.size() > 1 && total > length) {
      return new RangeRequest.Whole();
    }
    return new RangeRequest.Partial(slices);
  }

  /** A non-negative decimal number, or null if not one (or too large for a long). */
  private static Long digits(String s) {
    if (s.length() > 18) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(s);
  }
}
