package org.mediadfs.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void parsesBinarySizes() {
    assertThat(Units.parseBytes("4KiB")).isEqualTo(4096);
    assertThat(Units.parseBytes("4k")).isEqualTo(4096);
    assertThat(Units.parseBytes("256MiB")).isEqualTo(256L << 20);
    assertThat(Units.parseBytes("1g")).isEqualTo(1L << 30);
    assertThat(Units.parseBytes("123")).isEqualTo(123);
    assertThat(Units.parseBytes("10B")).isEqualTo(10);
    assertThatThrownBy(() -> Units.parseBytes("lots")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsSizesAndAges() {
    assertThat(Units.bytes(1023)).isEqualTo("1023 B");
    assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Units.bytes(256L << 20)).isEqualTo("256.0 MiB");
    assertThat(Units.ago(Duration.ofSeconds(12))).isEqualTo("12s");
    assertThat(Units.ago(Duration.ofSeconds(65))).isEqualTo("1m05s");
    assertThat(Units.ago(Duration.ofMinutes(61))).isEqualTo("1h01m");
  }

  @Test
  void progressLineShowsFractionAndRate() {
    ProgressBar b = new ProgressBar(System.err, "upload");
    String line = b.line(512L << 20, 1L << 30, 2_000_000_000L);
    assertThat(line).contains(" 50% ").contains("512.0 MiB/1.0 GiB").contains("256.0 MiB/s");
  }
}
