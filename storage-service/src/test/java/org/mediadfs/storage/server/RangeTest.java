package org.mediadfs.storage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mediadfs.wire.ErrorCode;

/** DOWNLOAD's offset and size rules (seed-reference §3.2). */
class RangeTest {
  @Test
  void sizeZeroMeansToTheEnd() throws Exception {
    assertThat(StorageService.rangeLength(100, 0, 0)).isEqualTo(100);
    assertThat(StorageService.rangeLength(100, 40, 0)).isEqualTo(60);
    assertThat(StorageService.rangeLength(100, 100, 0)).isZero();
  }

  @Test
  void exactRangesUpToTheEndAreServed() throws Exception {
    assertThat(StorageService.rangeLength(100, 0, 100)).isEqualTo(100);
    assertThat(StorageService.rangeLength(100, 99, 1)).isEqualTo(1);
    assertThat(StorageService.rangeLength(0, 0, 0)).isZero();
  }

  @Test
  void rangesOutsideTheFileAreBadRange() {
    long[][] bad = {{100, -1, 0}, {100, 101, 0}, {100, 0, 101}, {100, 50, 51}, {100, 0, -5}};
    for (long[] b : bad) {
      assertThatThrownBy(() -> StorageService.rangeLength(b[0], b[1], b[2]))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
    }
  }
}
