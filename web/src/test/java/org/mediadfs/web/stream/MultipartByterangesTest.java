package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartByterangesTest {
  @Test
  void theFramingIsExactlyRfc9110AndTheLengthMatches() {
    byte[] file = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    MultipartByteranges m =
        new MultipartByteranges(
            "B1", "video/mp4", file.length, List.of(new Slice(0, 3), new Slice(15, 5)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < m.slices().size(); i++) {
      out.writeBytes(m.preamble(i));
      Slice s = m.slices().get(i);
      out.write(file, (int) s.start(), (int) s.length());
    }
    out.writeBytes(m.epilogue());
    String body = out.toString(StandardCharsets.US_ASCII);
    assertThat(body)
        .isEqualTo(
            "--B1\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-2/20\r\n\r\n012"
                + "\r\n--B1\r\nContent-Type: video/mp4\r\nContent-Range: bytes 15-19/20\r\n\r\nfghij"
                + "\r\n--B1--\r\n");
    assertThat(m.contentLength()).isEqualTo(out.size());
    assertThat(m.contentType()).isEqualTo("multipart/byteranges; boundary=B1");
  }

  @Test
  void randomBoundariesAreValidAndDiffer() {
    String a = MultipartByteranges.randomBoundary();
    String b = MultipartByteranges.randomBoundary();
    assertThat(a).isNotEqualTo(b).hasSizeLessThanOrEqualTo(70);
    new MultipartByteranges(a, "x/y", 10, List.of(new Slice(0, 1)));
  }

  @Test
  void badBoundariesAndEmptyPartsAreRefused() {
    assertThatThrownBy(() -> new MultipartByteranges("a b", "x/y", 10, List.of(new Slice(0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MultipartByteranges("", "x/y", 10, List.of(new Slice(0, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MultipartByteranges("ok", "x/y", 10, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
