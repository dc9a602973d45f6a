package org.mediadfs.id.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mediadfs.id.IdConfig;

class IdConfigTest {
  @Test
  void aBlockSizeBelowTenIsRefusedAsTheOriginalRefusedToStart() {
    assertThatThrownBy(() -> new IdConfig("0.0.0.0", 22000, 9, 10, Duration.ofSeconds(1), 10, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(IdConfig.BLOCK_SIZE);
    assertThat(new IdConfig("0.0.0.0", 22000, 10, 10, Duration.ofSeconds(1), 10, "").blockSize())
        .isEqualTo(10);
  }

  @Test
  void portsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new IdConfig("0.0.0.0", 70000, 100, 10, Duration.ofSeconds(1), 10, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
