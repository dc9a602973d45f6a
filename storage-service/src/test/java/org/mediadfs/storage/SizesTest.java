package org.mediadfs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void parsesBinarySuffixes() {
    assertThat(Sizes.parse("1024")).isEqualTo(1024);
    assertThat(Sizes.parse("64k")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("512M")).isEqualTo(512L << 20);
    assertThat(Sizes.parse("2G")).isEqualTo(2L << 30);
    assertThat(Sizes.parse("1TiB")).isEqualTo(1L << 40);
    assertThat(Sizes.parse(" 3 MB ")).isEqualTo(3L << 20);
    assertThat(Sizes.parse("0")).isZero();
  }

  @Test
  void refusesGarbageNegativeAndOverflow() {
    assertThatThrownBy(() -> Sizes.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sizes.parse("ten")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sizes.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sizes.parse("9999999999T"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rendersForHumans() {
    assertThat(Sizes.human(100)).isEqualTo("100 B");
    assertThat(Sizes.human(1536L << 20)).isEqualTo("1.5 GiB");
  }
}
