package org.mediadfs.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The 4-level, 512-way layout of seed-reference §6.3 and its documented examples. */
class StoragePathsTest {
  private static final long TS = 0x649E782BL;

  @Test
  void id0IsTheDocumentedSample() {
    assertThat(StoragePaths.relativePath(0, TS)).isEqualTo("000/000/000/649E782B_000");
  }

  @Test
  void id1EndsTheFileNameWith001() {
    assertThat(StoragePaths.relativePath(1, 0x649E8188L)).isEqualTo("000/000/000/649E8188_001");
  }

  @Test
  void id511IsTheLastFileOfTheFirstDirectory() {
    assertThat(StoragePaths.relativePath(511, TS)).isEqualTo("000/000/000/649E782B_1FF");
  }

  @Test
  void id512OpensTheSecondDirectory() {
    assertThat(StoragePaths.relativePath(512, TS)).isEqualTo("000/000/001/649E782B_000");
  }

  @Test
  void id262144OpensTheSecondMiddleDirectory() {
    assertThat(StoragePaths.relativePath(262_144, TS)).isEqualTo("000/001/000/649E782B_000");
  }

  @Test
  void id512CubedOpensTheSecondTopDirectory() {
    assertThat(StoragePaths.relativePath(512L * 512 * 512, TS))
        .isEqualTo("001/000/000/649E782B_000");
  }

  @Test
  void lastIdThatFitsIsAllDigits1FF() {
    assertThat(StoragePaths.CAPACITY).isEqualTo(512L * 512 * 512 * 512);
    assertThat(StoragePaths.relativePath(StoragePaths.CAPACITY - 1, TS))
        .isEqualTo("1FF/1FF/1FF/649E782B_1FF");
  }

  @Test
  void idOf512ToTheFourthIsRefusedNotWrapped() {
    // seed bug 21: the original dropped the top digit and reused 000/000/000
    assertThatThrownBy(() -> StoragePaths.relativePath(StoragePaths.CAPACITY, TS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoragePaths.relativePath(-1, TS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timestampIsUppercaseHexWithoutPadding() {
    assertThat(StoragePaths.relativePath(0, 0xABC)).isEqualTo("000/000/000/ABC_000");
    assertThat(StoragePaths.relativePath(0, 0)).isEqualTo("000/000/000/0_000");
  }

  @Test
  void id512WritesBase512DigitsAsDecimalTriples() {
    assertThat(StoragePaths.id512(0)).isZero();
    assertThat(StoragePaths.id512(511)).isEqualTo(511);
    assertThat(StoragePaths.id512(512)).isEqualTo(1000);
    assertThat(StoragePaths.id512(513)).isEqualTo(1001);
    assertThat(StoragePaths.id512(262_144)).isEqualTo(1_000_000);
    assertThat(StoragePaths.id512(StoragePaths.CAPACITY - 1)).isEqualTo(511_511_511_511L);
  }

  @Test
  void pathDigitsAgreeWithTheOriginalsId512Route() {
    for (long id = 0; id < 3_000_000; id += 997) {
      long v = StoragePaths.id512(id);
      String expected =
          String.format(
              "%03X/%03X/%03X/%X_%03X",
              v / 1_000_000_000L % 1000, v / 1_000_000 % 1000, v / 1000 % 1000, TS, v % 1000);
      assertThat(StoragePaths.relativePath(id, TS)).isEqualTo(expected);
    }
  }

  @Test
  void layoutPathsAreRecognisedAndTricksAreNot() {
    assertThat(StoragePaths.isLayoutPath("000/000/000/649E782B_000")).isTrue();
    assertThat(StoragePaths.isLayoutPath(StoragePaths.relativePath(123_456_789, TS))).isTrue();
    for (String bad :
        new String[] {
          "../000/000/649E782B_000",
          "000/000/000/649e782b_000",
          "/etc/passwd",
          "",
          "000/000/000/649E782B_000/x"
        }) {
      assertThat(StoragePaths.isLayoutPath(bad)).as(bad).isFalse();
    }
    assertThat(StoragePaths.isLayoutPath(null)).isFalse();
  }
}
