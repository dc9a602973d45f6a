package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void pathSegmentsEncodeSpacesPlusesSlashesAndUnicode() {
    assertThat(Urls.pathSegment("a b+c/d?e#f%.webm")).isEqualTo("a%20b%2Bc%2Fd%3Fe%23f%25.webm");
    assertThat(Urls.pathSegment("\u00e9t\u00e9.mp4")).isEqualTo("%C3%A9t%C3%A9.mp4");
    assertThat(Urls.pathSegment("<script>")).isEqualTo("%3Cscript%3E");
  }

  @Test
  void streamUrlsNameTheFileAndCarryTheSignature() {
    assertThat(Urls.stream("", "abc.def", "my clip.webm", ""))
        .isEqualTo("/files/abc.def/my%20clip.webm");
    assertThat(Urls.stream("/ctx", "abc", "", "kid=k&exp=1&sig=s"))
        .isEqualTo("/ctx/files/abc?kid=k&exp=1&sig=s");
    assertThat(Urls.watch("", "abc")).isEqualTo("/watch/abc");
  }

  @Test
  void originsLeaveDefaultPortsOutAndBracketIpv6() {
    assertThat(Urls.origin("http", "example.org", 80)).isEqualTo("http://example.org");
    assertThat(Urls.origin("https", "example.org", 443)).isEqualTo("https://example.org");
    assertThat(Urls.origin("http", "127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080");
    assertThat(Urls.origin("http", "::1", 8080)).isEqualTo("http://[::1]:8080");
    assertThat(Urls.origin("http", "[::1]", 8080)).isEqualTo("http://[::1]:8080");
  }

  @Test
  void queryValuesAreEncoded() {
    assertThat(Urls.queryValue("/watch/a b?x=1&y")).isEqualTo("%2Fwatch%2Fa+b%3Fx%3D1%26y");
  }
}
