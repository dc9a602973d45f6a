package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The naming rules and the original's {@code valid()} and {@code split()}. */
class NamesTest {

  @Test
  void validAcceptsOnlyNonEmptyAlphanumerics() {
    assertThat(Names.valid("group001")).isTrue();
    assertThat(Names.valid("tnvideo")).isTrue();
    assertThat(Names.valid("Z9")).isTrue();
    assertThat(Names.valid(null)).isFalse();
    assertThat(Names.valid("")).isFalse();
    for (String bad :
        new String[] {"group_001", "group-1", " a", "a ", "a;b", "grüp", "a.b", "a\0"}) {
      assertThat(Names.valid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void splitDropsEmptyPiecesLikeStrtok() {
    assertThat(Names.split("127.0.0.1:21000;127.0.0.1:21001"))
        .containsExactly("127.0.0.1:21000", "127.0.0.1:21001");
    assertThat(Names.split("127.0.0.1:23000;127.0.0.1:23001;"))
        .containsExactly("127.0.0.1:23000", "127.0.0.1:23001");
    assertThat(Names.split(";;a;;b;;")).containsExactly("a", "b");
    assertThat(Names.split("only")).containsExactly("only");
    assertThat(Names.split("")).isEmpty();
    assertThat(Names.split(";;;")).isEmpty();
    assertThat(Names.split(null)).isEmpty();
  }

  @Test
  void splitStripsBlanksAroundPieces() {
    assertThat(Names.split(" group001 ; group002 ;  ")).containsExactly("group001", "group002");
  }

  @Test
  void groupNamesAreAlphanumericUpTo16Bytes() {
    assertThat(Names.validGroupName("g".repeat(16))).isTrue();
    assertThat(Names.validGroupName("g".repeat(17))).isFalse();
    assertThat(Names.validGroupName("group 1")).isFalse();
    assertThat(Names.validGroupName("")).isFalse();
  }

  @Test
  void appIdsAreAlphanumericUpTo15Bytes() {
    assertThat(Names.validAppId("tnvideo")).isTrue();
    assertThat(Names.validAppId("a".repeat(15))).isTrue();
    assertThat(Names.validAppId("a".repeat(16))).isFalse();
    assertThat(Names.validAppId("tn-video")).isFalse();
  }

  @Test
  void fileIdsAreOneTo127BytesOfTheSafeSet() {
    assertThat(Names.validFileId("649e782b035ee5136ad6ff2c8d2101000115")).isTrue();
    assertThat(Names.validFileId("a")).isTrue();
    assertThat(Names.validFileId("A-z_0.9")).isTrue();
    assertThat(Names.validFileId("x".repeat(127))).isTrue();
    assertThat(Names.validFileId("x".repeat(128))).isFalse();
    assertThat(Names.validFileId("")).isFalse();
    assertThat(Names.validFileId(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        ".",
        "...",
        "a/b",
        "/etc/passwd",
        "../x",
        "a\\b",
        "a\0b",
        "a b",
        "é",
        "a;b",
        "%2e"
      })
  void fileIdsThatCouldBePathsOrCarryOddBytesAreRefused(String bad) {
    assertThat(Names.validFileId(bad)).isFalse();
    assertThatThrownBy(() -> Names.requireFileId(bad))
        .isInstanceOf(MalformedFrameException.class)
        .satisfies(e -> assertThat(((WireException) e).code()).isEqualTo(ErrorCode.INVALID_NAME));
  }

  @Test
  void userIdsAreOneTo255BytesOfUtf8WithoutNul() {
    assertThat(Names.validUserId("tnv001")).isTrue();
    assertThat(Names.validUserId("用户")).isTrue();
    assertThat(Names.validUserId("u".repeat(255))).isTrue();
    assertThat(Names.validUserId("u".repeat(256))).isFalse();
    assertThat(Names.validUserId("€".repeat(85))).as("255 bytes").isTrue();
    assertThat(Names.validUserId("€".repeat(86))).as("258 bytes, 86 chars").isFalse();
    assertThat(Names.validUserId("🎬".repeat(63))).as("252 bytes").isTrue();
    assertThat(Names.validUserId("🎬".repeat(64))).as("256 bytes").isFalse();
    assertThat(Names.validUserId("")).isFalse();
    assertThat(Names.validUserId(null)).isFalse();
    assertThat(Names.validUserId("a\0b")).isFalse();
  }

  @Test
  void requireHelpersReturnTheValueOrThrowInvalidName() throws MalformedFrameException {
    assertThat(Names.requireUserId("tnv001")).isEqualTo("tnv001");
    assertThat(Names.requireGroupName("group001")).isEqualTo("group001");
    assertThat(Names.requireFileId("f.mp4")).isEqualTo("f.mp4");
    assertThatThrownBy(() -> Names.requireUserId(""))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("invalid user id");
    assertThatThrownBy(() -> Names.requireGroupName("g_1"))
        .isInstanceOf(MalformedFrameException.class)
        .satisfies(e -> assertThat(((WireException) e).code()).isEqualTo(ErrorCode.INVALID_NAME));
  }

  @Test
  void quoteEscapesControlBytesAndCutsLongText() {
    assertThat(Names.quote("a\0b\n")).isEqualTo("'a\\x00b\\x0a'");
    assertThat(Names.quote(null)).isEqualTo("null");
    assertThat(Names.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(64) + "...'");
  }
}
