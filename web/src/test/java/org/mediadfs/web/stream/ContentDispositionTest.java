package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
  @Test
  void asciiNamesAreQuotedAndRepeatedEncoded() {
    assertThat(ContentDisposition.inline("clip.mp4"))
        .isEqualTo("inline; filename=\"clip.mp4\"; filename*=UTF-8''clip.mp4");
  }

  @Test
  void nonAsciiNamesGetAnAsciiFallbackAndRfc8187Encoding() {
    // RFC 6266 §5 example: "€ rates"
    assertThat(ContentDisposition.attachment("\u20ac rates.pdf"))
        .isEqualTo("attachment; filename=\"_ rates.pdf\"; filename*=UTF-8''%E2%82%AC%20rates.pdf");
    assertThat(ContentDisposition.encode("\u4e2d\u6587.mp4")).isEqualTo("%E4%B8%AD%E6%96%87.mp4");
  }

  @Test
  void quotesBackslashesAndSeparatorsCannotBreakTheHeader() {
    String h = ContentDisposition.inline("a\"b\\c;d=e.mp4");
    assertThat(h).startsWith("inline; filename=\"a\\\"b\\\\c;d=e.mp4\"; ");
    assertThat(h).endsWith("filename*=UTF-8''a%22b%5Cc%3Bd%3De.mp4");
    assertThat(ContentDisposition.encode("a\r\nb")).isEqualTo("a%0D%0Ab");
    assertThat(ContentDisposition.asciiFallback("a\r\nb")).isEqualTo("a__b");
  }
}
