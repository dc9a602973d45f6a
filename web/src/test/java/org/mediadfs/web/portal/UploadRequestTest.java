package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadRequestTest {
  private static final long MAX = 4L << 30;

  private static UploadRequest check(String name, String type, long length) {
    return UploadRequest.check(name, type, length, null, MAX);
  }

  @Test
  void aBrowserUploadIsAccepted() {
    assertThat(check("My%20holiday%20%F0%9F%8C%B4.webm", "video/webm", 7095))
        .isEqualTo(
            new UploadRequest.Accepted(
                "My holiday \uD83C\uDF34.webm", "My holiday \uD83C\uDF34", "video/webm", 7095));
  }

  @Test
  void aMissingLengthIsRefusedWith411() {
    assertThat(check("a.webm", "video/webm", -1))
        .isInstanceOfSatisfying(
            UploadRequest.Refused.class, r -> assertThat(r.status()).isEqualTo(411));
    assertThat(UploadRequest.check("a.webm", "video/webm", 10, "chunked", MAX))
        .isInstanceOfSatisfying(
            UploadRequest.Refused.class, r -> assertThat(r.status()).isEqualTo(411));
  }

  @Test
  void tooLargeIsRefusedWith413AndAClearMessageBeforeAnythingElse() {
    UploadRequest r = UploadRequest.check(null, null, (4L << 30) + 1, null, MAX);
    assertThat(r)
        .isInstanceOfSatisfying(
            UploadRequest.Refused.class,
            x -> {
              assertThat(x.status()).isEqualTo(413);
              assertThat(x.message()).contains("4.0 GiB");
            });
    assertThat(check("a.webm", "video/webm", MAX)).isInstanceOf(UploadRequest.Accepted.class);
  }

  @Test
  void emptyFilesAndMissingOrBadNamesAreRefusedWith400() {
    assertThat(check("a.webm", "video/webm", 0)).extracting("status").isEqualTo(400);
    assertThat(check(null, "video/webm", 5)).extracting("status").isEqualTo(400);
    assertThat(check("  ", "video/webm", 5)).extracting("status").isEqualTo(400);
    assertThat(check("%E0%A4%A", "video/webm", 5)).extracting("status").isEqualTo(400);
    assertThat(check("..", "video/webm", 5)).extracting("status").isEqualTo(400);
    assertThat(check("%0A%0D", "video/webm", 5)).extracting("status").isEqualTo(400);
  }

  @Test
  void namesLoseFoldersAndControlCharacters() {
    assertThat(UploadRequest.cleanName("C:\\Users\\me\\clip.webm")).isEqualTo("clip.webm");
    assertThat(UploadRequest.cleanName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(UploadRequest.cleanName("a\u0000b\u001Fc\u007F\u2028.mp4")).isEqualTo("abc.mp4");
    assertThat(UploadRequest.cleanName("  spaced  ")).isEqualTo("spaced");
    assertThat(UploadRequest.cleanName("dir/")).isEmpty();
  }

  @Test
  void longNamesAreShortenedKeepingTheExtensionAndWholeCharacters() {
    String name = "x".repeat(300) + ".webm";
    String clean = UploadRequest.cleanName(name);
    assertThat(clean).hasSize(UploadRequest.NAME_MAX).endsWith(".webm");
    String emoji = "\uD83C\uDF34".repeat(200);
    String cut = UploadRequest.cleanName(emoji);
    assertThat(cut.length()).isLessThanOrEqualTo(UploadRequest.NAME_MAX);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
  }

  @Test
  void titlesDropTheExtension() {
    assertThat(UploadRequest.title("clip.webm")).isEqualTo("clip");
    assertThat(UploadRequest.title("archive.tar.gz")).isEqualTo("archive.tar");
    assertThat(UploadRequest.title(".hidden")).isEqualTo(".hidden");
    assertThat(UploadRequest.title("noext")).isEqualTo("noext");
    assertThat(UploadRequest.title("y".repeat(250) + ".mp4")).hasSize(UploadRequest.TITLE_MAX);
  }

  @Test
  void mediaTypesAreKeptWithoutParameters() {
    assertThat(UploadRequest.contentType("Video/WebM; codecs=vp9", "a.bin"))
        .isEqualTo("video/webm");
    assertThat(UploadRequest.contentType("audio/mpeg", "a")).isEqualTo("audio/mpeg");
    assertThat(UploadRequest.contentType("image/png", "a")).isEqualTo("image/png");
  }

  @Test
  void missingTypesAreGuessedFromTheExtension() {
    assertThat(UploadRequest.contentType(null, "clip.WEBM")).isEqualTo("video/webm");
    assertThat(UploadRequest.contentType("", "song.mp3")).isEqualTo("audio/mpeg");
    assertThat(UploadRequest.contentType("application/octet-stream", "film.mkv"))
        .isEqualTo("video/x-matroska");
    assertThat(UploadRequest.contentType("application/octet-stream", "data.bin")).isEmpty();
    assertThat(UploadRequest.contentType(null, "noext")).isEmpty();
  }

  @Test
  void documentTypesThatCouldRunScriptsAreNeverStoredAsSuch() {
    assertThat(UploadRequest.contentType("text/html", "page.html"))
        .isEqualTo("application/octet-stream");
    assertThat(UploadRequest.contentType("image/svg+xml", "x.svg"))
        .isEqualTo("application/octet-stream");
    assertThat(UploadRequest.contentType("application/javascript", "x.js"))
        .isEqualTo("application/octet-stream");
    // A lying type on a media name: the name's type is used, never the document type.
    assertThat(UploadRequest.contentType("text/html", "clip.webm")).isEqualTo("video/webm");
    assertThat(UploadRequest.contentType("video/<script>", "a"))
        .isEqualTo("application/octet-stream");
  }
}
