package org.mediadfs.web.stream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the whole answer to a GET or HEAD of a stored file before any byte is sent (RFC 9110):
 * the status, every header, and which bytes the body carries. Pure, so each RFC rule is unit-tested
 * without a container; the servlet only executes the plan.
 *
 * <p>Order: conditional headers first ({@link Preconditions}: 412, 304, or an If-Range that
 * disables the range), then the range ({@link RangeParser}: 200, 206 with one slice, 206
 * multipart/byteranges, 416). Range applies to GET only (§14.2: "GET is the only method for which
 * range handling is defined"), so HEAD answers as the GET without Range would.
 */
public final class StreamPlan {
  private StreamPlan() {}

  /**
   * What is known of the file.
   *
   * @param size its length in bytes
   * @param etag its strong entity tag, quoted
   * @param lastModified its creation time (files never change)
   * @param contentType the type to serve it as
   * @param downloadName the friendly name from the URL, if any
   */
  public record Facts(
      long size,
      String etag,
      Instant lastModified,
      String contentType,
      Optional<String> downloadName) {
    public Facts {
      Objects.requireNonNull(etag, "etag");
      Objects.requireNonNull(lastModified, "lastModified");
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(downloadName, "downloadName");
      if (size < 0) {
        throw new IllegalArgumentException("negative size");
      }
    }
  }

  /** Which bytes follow the headers. */
  public sealed interface Body {
    /** No body (HEAD, 304, 412, 416, an empty file). */
    record None() implements Body {}

    /** One contiguous slice of the file (the whole file, or a single range). */
    record Bytes(Slice slice) implements Body {}

    /** Several slices framed as multipart/byteranges. */
    record Parts(MultipartByteranges multipart) implements Body {}
  }

  /**
   * The answer.
   *
   * @param status the HTTP status
   * @param headers the headers, in the order to set them
   * @param body what follows (never sent for HEAD, but its length is announced)
   */
  public record Plan(int status, Map<String, String> headers, Body body) {
    public Plan {
      headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The value of a header, or null. */
    public String header(String name) {
      return headers.get(name);
    }
  }

  /**
   * Plans the answer.
   *
   * @param f the file
   * @param h the request's conditional and range headers
   * @param head true for HEAD
   * @param boundary the multipart boundary to use if several ranges are served
   */
  public static Plan plan(Facts f, Preconditions.Headers h, boolean head, String boundary) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("Accept-Ranges", "bytes");
    v.put("ETag", f.etag());
    v.put("Last-Modified", Preconditions.formatDate(f.lastModified()));
    Preconditions.Headers effective =
        head
            ? new Preconditions.Headers(
                h.ifMatch(),
                h.ifNoneMatch(),
                h.ifModifiedSince(),
                h.ifUnmodifiedSince(),
                null,
                null)
            : h;
    Preconditions.Outcome outcome = Preconditions.evaluate(effective, f.etag(), f.lastModified());
    switch (outcome) {
      case PRECONDITION_FAILED -> {
        return new Plan(412, v, new Body.None());
      }
      case NOT_MODIFIED -> {
        // §15.4.5: a 304 carries the validators a 200 would have had, and no content headers.
        return new Plan(304, v, new Body.None());
      }
      case PROCEED, PROCEED_IGNORE_RANGE -> {
        // go on below
      }
    }
    f.downloadName().ifPresent(n -> v.put("Content-Disposition", ContentDisposition.inline(n)));
    v.put("X-Content-Type-Options", "nosniff");
    RangeRequest range =
        outcome == Preconditions.Outcome.PROCEED_IGNORE_RANGE
            ? new RangeRequest.Whole()
            : RangeParser.parse(effective.range(), f.size());
    return switch (range) {
      case RangeRequest.Whole w -> {
        v.put("Content-Type", f.contentType());
        v.put("Content-Length", Long.toString(f.size()));
        yield new Plan(
            200,
            v,
            head || f.size() == 0 ? new Body.None() : new Body.Bytes(new Slice(0, f.size())));
      }
      case RangeRequest.Unsatisfiable u -> {
        v.put("Content-Range", "bytes */" + f.size());
        yield new Plan(416, v, new Body.None());
      }
      case RangeRequest.Partial p when p.slices().size() == 1 -> {
        Slice s = p.slices().getFirst();
        v.put("Content-Type", f.contentType());
        v.put("Content-Range", s.contentRange(f.size()));
        v.put("Content-Length", Long.toString(s.length()));
        yield new Plan(206, v, head ? new Body.None() : new Body.Bytes(s));
      }
      case RangeRequest.Partial p -> {
        MultipartByteranges m =
            new MultipartByteranges(boundary, f.contentType(), f.size(), p.slices());
        v.put("Content-Type", m.contentType());
        v.put("Content-Length", Long.toString(m.contentLength()));
        yield new Plan(206, v, head ? new Body.None() : new Body.Parts(m));
      }
    };
  }

  /** The slices a body reads from the file, in order. */
  public static List<Slice> slices(Body b) {
    return switch (b) {
      case Body.None n -> List.of();
      case Body.Bytes x -> List.of(x.slice());
      case Body.Parts p -> p.multipart().slices();
    };
  }
}
