package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeParserTest {
  private static RangeRequest parse(String h) {
    return RangeParser.parse(h, 1000);
  }

  private static List<Slice> slices(String h) {
    RangeRequest r = parse(h);
    assertThat(r).isInstanceOf(RangeRequest.Partial.class);
    return ((RangeRequest.Partial) r).slices();
  }

  @Test
  void noHeaderMeansWholeFile() {
    assertThat(parse(null)).isInstanceOf(RangeRequest.Whole.class);
  }

  @ParameterizedTest
  @CsvSource({
    "bytes=0-499, 0, 500",
    "bytes=500-999, 500, 500",
    "bytes=500-, 500, 500",
    "bytes=-200, 800, 200",
    "bytes=0-0, 0, 1",
    "bytes=999-999, 999, 1",
    "bytes=900-5000, 900, 100",
    "bytes=-5000, 0, 1000",
    "'  bytes = 10 - 19 ', 10, 10",
    "BYTES=1-1, 1, 1"
  })
  void singleRangesAreInclusiveAndClipped(String header, long start, long length) {
    assertThat(slices(header)).containsExactly(new Slice(start, length));
  }

  @Test
  void explicitRangeIsInclusiveNotOffByOne() {
    // The original sent b-a bytes for bytes=a-b (seed-reference §8); HTTP means b-a+1.
    Slice s = slices("bytes=100-199").getFirst();
    assertThat(s.length()).isEqualTo(100);
    assertThat(s.contentRange(1000)).isEqualTo("bytes 100-199/1000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-6000,2000-"})
  void rangesPastTheEndAreUnsatisfiable(String header) {
    assertThat(parse(header)).isInstanceOf(RangeRequest.Unsatisfiable.class);
  }

  @Test
  void emptyFileHasNoSatisfiableRange() {
    assertThat(RangeParser.parse("bytes=0-", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    assertThat(RangeParser.parse("bytes=-10", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "items=0-1",
        "bytes",
        "bytes=",
        "bytes=abc",
        "bytes=5-1",
        "bytes=-",
        "bytes=1-2-3",
        "bytes=0x10-20",
        "bytes=+1-2",
        "bytes=99999999999999999999-",
        "bytes=0-1,",
      })
  void invalidHeadersAreIgnored(String header) {
    assertThat(parse(header)).isInstanceOf(RangeRequest.Whole.class);
  }

  @Test
  void severalRangesAreKeptInOrder() {
    assertThat(slices("bytes=0-9, 20-29, -10"))
        .containsExactly(new Slice(0, 10), new Slice(20, 10), new Slice(990, 10));
  }

  @Test
  void unsatisfiablePartsOfAListAreDropped() {
    assertThat(slices("bytes=0-9,5000-")).containsExactly(new Slice(0, 10));
  }

  @Test
  void abusiveRangeListsAreServedWhole() {
    assertThat(parse("bytes=" + "0-1,".repeat(RangeParser.MAX_RANGES) + "0-1"))
        .isInstanceOf(RangeRequest.Whole.class);
    assertThat(parse("bytes=0-999,0-999")).isInstanceOf(RangeRequest.Whole.class);
  }
}
