package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {
  private static String sniffHex(String hex) {
    byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
    return ContentTypes.sniff(b, b.length);
  }

  @ParameterizedTest
  @CsvSource({
    "00 00 00 20 66 74 79 70 69 73 6f 6d 00 00 02 00, video/mp4",
    "00 00 00 14 66 74 79 70 71 74 20 20 00 00 00 00, video/quicktime",
    "00 00 00 20 66 74 79 70 4d 34 41 20 00 00 00 00, audio/mp4",
    "1a 45 df a3 9f 42 86 81 01 42 82 84 77 65 62 6d, video/webm",
    "1a 45 df a3 9f 42 86 81 01 42 82 88 6d 61 74 72, video/x-matroska",
    "4f 67 67 53 00 02 00 00, audio/ogg",
    "52 49 46 46 24 08 00 00 57 41 56 45, audio/wav",
    "52 49 46 46 24 08 00 00 41 56 49 20, video/x-msvideo",
    "52 49 46 46 24 08 00 00 57 45 42 50, image/webp",
    "66 4c 61 43 00 00 00 22, audio/flac",
    "49 44 33 04 00 00, audio/mpeg",
    "ff fb 90 64 00, audio/mpeg",
    "ff d8 ff e0 00 10, image/jpeg",
    "89 50 4e 47 0d 0a 1a 0a, image/png",
    "47 49 46 38 39 61, image/gif",
    "25 50 44 46 2d 31, application/octet-stream",
    "00, application/octet-stream"
  })
  void recognisesCommonMedia(String hex, String type) {
    assertThat(sniffHex(hex)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({"theora, video/ogg", "vorbis, audio/ogg"})
  void oggWithTheoraIsVideo(String codec, String type) {
    byte[] b = new byte[64];
    System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
    System.arraycopy(codec.getBytes(StandardCharsets.US_ASCII), 0, b, 29, codec.length());
    assertThat(ContentTypes.sniff(b, b.length)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({"377, video/mp2t", "300, application/octet-stream"})
  void transportStreamNeedsThreeSyncBytes(int n, String type) {
    byte[] b = new byte[512];
    b[0] = 0x47;
    b[188] = 0x47;
    b[376] = 0x47;
    assertThat(ContentTypes.sniff(b, n)).isEqualTo(type);
  }
}
