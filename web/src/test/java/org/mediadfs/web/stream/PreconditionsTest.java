package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediadfs.web.stream.Preconditions.Outcome.NOT_MODIFIED;
import static org.mediadfs.web.stream.Preconditions.Outcome.PRECONDITION_FAILED;
import static org.mediadfs.web.stream.Preconditions.Outcome.PROCEED;
import static org.mediadfs.web.stream.Preconditions.Outcome.PROCEED_IGNORE_RANGE;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
  private static final String ETAG = Preconditions.etag(0x1a2bL, 1024);
  private static final Instant MODIFIED = Instant.parse("2026-11-26T12:00:00.750Z");
  private static final String MODIFIED_TEXT = "Thu, 26 Nov 2026 12:00:00 GMT";
  private static final String EARLIER = "Thu, 26 Nov 2026 11:00:00 GMT";
  private static final String LATER = "Thu, 26 Nov 2026 13:00:00 GMT";

  private static Preconditions.Outcome eval(
      String ifMatch, String ifNoneMatch, String ims, String ius, String ifRange, String range) {
    return Preconditions.evaluate(
        new Preconditions.Headers(ifMatch, ifNoneMatch, ims, ius, ifRange, range), ETAG, MODIFIED);
  }

  @Test
  void etagIsStrongAndStable() {
    assertThat(ETAG).isEqualTo("\"1a2b-400\"");
  }

  @Test
  void noConditionsProceed() {
    assertThat(eval(null, null, null, null, null, null)).isEqualTo(PROCEED);
  }

  @Test
  void ifNoneMatchGives304ForTheSameTagEvenWeak() {
    assertThat(eval(null, ETAG, null, null, null, null)).isEqualTo(NOT_MODIFIED);
    assertThat(eval(null, "W/" + ETAG, null, null, null, null)).isEqualTo(NOT_MODIFIED);
    assertThat(eval(null, "\"other\", " + ETAG, null, null, null, null)).isEqualTo(NOT_MODIFIED);
    assertThat(eval(null, "*", null, null, null, null)).isEqualTo(NOT_MODIFIED);
    assertThat(eval(null, "\"other\"", null, null, null, null)).isEqualTo(PROCEED);
  }

  @Test
  void ifModifiedSinceComparesWholeSeconds() {
    assertThat(eval(null, null, MODIFIED_TEXT, null, null, null)).isEqualTo(NOT_MODIFIED);
    assertThat(eval(null, null, LATER, null, null, null)).isEqualTo(NOT_MODIFIED);
    assertThat(eval(null, null, EARLIER, null, null, null)).isEqualTo(PROCEED);
    assertThat(eval(null, null, "not a date", null, null, null)).isEqualTo(PROCEED);
  }

  @Test
  void ifNoneMatchWinsOverIfModifiedSince() {
    assertThat(eval(null, "\"other\"", LATER, null, null, null)).isEqualTo(PROCEED);
  }

  @Test
  void ifMatchFailsWith412AndIsStrong() {
    assertThat(eval("\"other\"", null, null, null, null, null)).isEqualTo(PRECONDITION_FAILED);
    assertThat(eval("W/" + ETAG, null, null, null, null, null)).isEqualTo(PRECONDITION_FAILED);
    assertThat(eval(ETAG, null, null, null, null, null)).isEqualTo(PROCEED);
  }

  @Test
  void ifUnmodifiedSinceFailsWhenChangedLater() {
    assertThat(eval(null, null, null, EARLIER, null, null)).isEqualTo(PRECONDITION_FAILED);
    assertThat(eval(null, null, null, MODIFIED_TEXT, null, null)).isEqualTo(PROCEED);
  }

  @Test
  void ifRangeWithAnotherTagIgnoresTheRange() {
    assertThat(eval(null, null, null, null, ETAG, "bytes=0-1")).isEqualTo(PROCEED);
    assertThat(eval(null, null, null, null, "\"old\"", "bytes=0-1"))
        .isEqualTo(PROCEED_IGNORE_RANGE);
    assertThat(eval(null, null, null, null, "W/" + ETAG, "bytes=0-1"))
        .isEqualTo(PROCEED_IGNORE_RANGE);
    assertThat(eval(null, null, null, null, MODIFIED_TEXT, "bytes=0-1")).isEqualTo(PROCEED);
    assertThat(eval(null, null, null, null, EARLIER, "bytes=0-1")).isEqualTo(PROCEED_IGNORE_RANGE);
    assertThat(eval(null, null, null, null, "\"old\"", null)).isEqualTo(PROCEED);
  }

  @Test
  void datesRoundTrip() {
    assertThat(Preconditions.formatDate(MODIFIED)).isEqualTo(MODIFIED_TEXT);
    assertThat(Preconditions.parseDate(MODIFIED_TEXT))
        .contains(Instant.parse("2026-11-26T12:00:00Z"));
  }
}
