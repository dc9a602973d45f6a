package org.mediadfs.web.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilePathTest {
  private static final String ID = "649e782b035ee5136ad6ff2c8d2101000115";

  @Test
  void theOriginalUrlNamesTheFile() {
    assertThat(FilePath.parse("/" + ID)).contains(new FilePath(ID, Optional.empty()));
    assertThat(FilePath.parse("/" + ID + "/")).contains(new FilePath(ID, Optional.empty()));
  }

  @Test
  void aFriendlyNameFollowsTheId() {
    assertThat(FilePath.parse("/" + ID + "/Holiday in Cr\u00e8te.mp4"))
        .contains(new FilePath(ID, Optional.of("Holiday in Cr\u00e8te.mp4")));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "/",
        "no-slash",
        "/../etc/passwd",
        "/..",
        "/a b",
        "/id%2F",
        "/ok/../x",
        "/ok/name/with/slash",
        "/ok/..",
        "/ok/bad\u0000name",
        "/ok/bad\nname"
      })
  void badPathsNameNoFile(String path) {
    assertThat(FilePath.parse(path)).isEmpty();
  }

  @Test
  void aNameIsAtMost255Characters() {
    assertThat(FilePath.parse("/" + ID + "/" + "x".repeat(255))).isPresent();
    assertThat(FilePath.parse("/" + ID + "/" + "x".repeat(256))).isEmpty();
  }

  @Test
  void rawPathsAreDecodedAsUtf8() {
    assertThat(FilePath.parseRaw("/" + ID + "/Sommer%20in%20K%C3%B6ln+2.mp4"))
        .contains(new FilePath(ID, Optional.of("Sommer in K\u00f6ln+2.mp4")));
    assertThat(FilePath.parseRaw("/" + ID + "/bad%C3")).isEmpty(); // truncated UTF-8
    assertThat(FilePath.parseRaw("/" + ID + "/bad%zz")).isEmpty();
    assertThat(FilePath.parseRaw("/" + ID + "/a%2Fb")).as("an encoded slash").isEmpty();
    assertThat(FilePath.parseRaw("/" + ID + "/%00")).isEmpty();
    assertThat(FilePath.parseRaw(null)).isEmpty();
  }
}
