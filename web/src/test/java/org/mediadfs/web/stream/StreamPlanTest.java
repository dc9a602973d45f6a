package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamPlanTest {
  private static final Instant CREATED = Instant.parse("2026-11-26T10:00:00.250Z");
  private static final String ETAG = Preconditions.etag(0x1234abcdL, 1000);
  private static final StreamPlan.Facts FILE =
      new StreamPlan.Facts(1000, ETAG, CREATED, "video/mp4", Optional.empty());

  private static Preconditions.Headers range(String r) {
    return new Preconditions.Headers(null, null, null, null, null, r);
  }

  private static StreamPlan.Plan get(Preconditions.Headers h) {
    return StreamPlan.plan(FILE, h, false, "BOUND");
  }

  @Test
  void wholeFileIs200WithLengthValidatorsAndAcceptRanges() {
    StreamPlan.Plan p = get(range(null));
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.headers())
        .containsEntry("Accept-Ranges", "bytes")
        .containsEntry("ETag", "\"1234abcd-3e8\"")
        .containsEntry("Last-Modified", "Thu, 26 Nov 2026 10:00:00 GMT")
        .containsEntry("Content-Type", "video/mp4")
        .containsEntry("Content-Length", "1000")
        .doesNotContainKey("Content-Range")
        .doesNotContainKey("Content-Disposition");
    assertThat(p.body()).isEqualTo(new StreamPlan.Body.Bytes(new Slice(0, 1000)));
  }

  @Test
  void singleRangesAre206WithExactContentRange() {
    StreamPlan.Plan p = get(range("bytes=100-199"));
    assertThat(p.status()).isEqualTo(206);
    assertThat(p.header("Content-Range")).isEqualTo("bytes 100-199/1000");
    assertThat(p.header("Content-Length")).isEqualTo("100");
    assertThat(p.body()).isEqualTo(new StreamPlan.Body.Bytes(new Slice(100, 100)));
    assertThat(get(range("bytes=-10")).header("Content-Range")).isEqualTo("bytes 990-999/1000");
    assertThat(get(range("bytes=990-")).header("Content-Length")).isEqualTo("10");
  }

  @Test
  void severalRangesAreMultipartWithTheExactLength() {
    StreamPlan.Plan p = get(range("bytes=0-9,500-509"));
    assertThat(p.status()).isEqualTo(206);
    assertThat(p.header("Content-Type")).isEqualTo("multipart/byteranges; boundary=BOUND");
    var parts = (StreamPlan.Body.Parts) p.body();
    assertThat(parts.multipart().slices()).containsExactly(new Slice(0, 10), new Slice(500, 10));
    assertThat(p.header("Content-Length"))
        .isEqualTo(Long.toString(parts.multipart().contentLength()));
    assertThat(p.headers()).doesNotContainKey("Content-Range");
  }

  @Test
  void unsatisfiableIs416WithTheLength() {
    StreamPlan.Plan p = get(range("bytes=1000-"));
    assertThat(p.status()).isEqualTo(416);
    assertThat(p.header("Content-Range")).isEqualTo("bytes */1000");
    assertThat(p.body()).isInstanceOf(StreamPlan.Body.None.class);
  }

  @Test
  void anInvalidRangeIsIgnored() {
    assertThat(get(range("bytes=9-1")).status()).isEqualTo(200);
    assertThat(get(range("lines=1-2")).status()).isEqualTo(200);
  }

  @Test
  void headAnnouncesTheGetWithoutBodyAndIgnoresRange() {
    StreamPlan.Plan p = StreamPlan.plan(FILE, range("bytes=0-9"), true, "B");
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.header("Content-Length")).isEqualTo("1000");
    assertThat(p.body()).isInstanceOf(StreamPlan.Body.None.class);
  }

  @Test
  void conditionalRequests() {
    var ifNoneMatch = new Preconditions.Headers(null, ETAG, null, null, null, null);
    StreamPlan.Plan nm = get(ifNoneMatch);
    assertThat(nm.status()).isEqualTo(304);
    assertThat(nm.headers()).containsEntry("ETag", ETAG).doesNotContainKey("Content-Length");
    var since =
        new Preconditions.Headers(null, null, "Thu, 26 Nov 2026 10:00:00 GMT", null, null, null);
    assertThat(get(since).status()).isEqualTo(304);
    var ifMatch = new Preconditions.Headers("\"other\"", null, null, null, null, "bytes=0-1");
    assertThat(get(ifMatch).status()).isEqualTo(412);
    var unmodified =
        new Preconditions.Headers(null, null, null, "Wed, 25 Nov 2026 10:00:00 GMT", null, null);
    assertThat(get(unmodified).status()).isEqualTo(412);
  }

  @Test
  void ifRangeWithAnotherTagServesTheWholeFile() {
    var stale = new Preconditions.Headers(null, null, null, null, "\"old\"", "bytes=0-9");
    assertThat(get(stale).status()).isEqualTo(200);
    var fresh = new Preconditions.Headers(null, null, null, null, ETAG, "bytes=0-9");
    assertThat(get(fresh).status()).isEqualTo(206);
    var byDate =
        new Preconditions.Headers(
            null, null, null, null, "Thu, 26 Nov 2026 10:00:00 GMT", "bytes=0-9");
    assertThat(get(byDate).status()).isEqualTo(206);
  }

  @Test
  void aFriendlyNameGivesAnInlineDisposition() {
    StreamPlan.Facts named =
        new StreamPlan.Facts(1000, ETAG, CREATED, "video/mp4", Optional.of("my clip.mp4"));
    assertThat(StreamPlan.plan(named, range(null), false, "B").header("Content-Disposition"))
        .isEqualTo("inline; filename=\"my clip.mp4\"; filename*=UTF-8''my%20clip.mp4");
  }

  @Test
  void anEmptyFileHasNoBody() {
    StreamPlan.Facts empty =
        new StreamPlan.Facts(0, Preconditions.etag(0, 0), CREATED, "text/plain", Optional.empty());
    StreamPlan.Plan p = StreamPlan.plan(empty, range(null), false, "B");
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.header("Content-Length")).isEqualTo("0");
    assertThat(StreamPlan.slices(p.body())).isEqualTo(List.of());
  }
}
