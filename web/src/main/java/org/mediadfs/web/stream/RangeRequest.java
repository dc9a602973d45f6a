package org.mediadfs.web.stream;

import java.util.List;

/**
 * What a {@code Range} header asks of a file of known length (RFC 9110 §14): the whole file (no
 * header, another unit, bad syntax, or a request we decline), some satisfiable slices, or nothing
 * satisfiable (416).
 */
public sealed interface RangeRequest {
  /** Serve the whole file with 200. */
  record Whole() implements RangeRequest {}

  /** Serve these slices with 206: one slice as a plain body, several as multipart/byteranges. */
  record Partial(List<Slice> slices) implements RangeRequest {
    public Partial {
      if (slices.isEmpty()) {
        throw new IllegalArgumentException("a partial response has at least one slice");
      }
      slices = List.copyOf(slices);
    }
  }

  /** Answer 416 with {@code Content-Range: bytes *}{@code /len}. */
  record Unsatisfiable() implements RangeRequest {}
}
