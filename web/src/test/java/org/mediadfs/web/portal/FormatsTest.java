package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void sizesUseBinaryUnits() {
    assertThat(Formats.size(0)).isEqualTo("0 B");
    assertThat(Formats.size(1023)).isEqualTo("1023 B");
    assertThat(Formats.size(1024)).isEqualTo("1.0 KiB");
    assertThat(Formats.size(7095)).isEqualTo("6.9 KiB");
    assertThat(Formats.size(4L << 30)).isEqualTo("4.0 GiB");
    assertThat(Formats.size(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    assertThat(Formats.size(-2048)).isEqualTo("-2.0 KiB");
  }

  @Test
  void aSizeJustBelowTheNextUnitIsShownInThatUnit() {
    assertThat(Formats.size(1024 * 1024 - 1)).isEqualTo("1.0 MiB");
    assertThat(Formats.size(1024 * 1023)).isEqualTo("1023.0 KiB");
  }

  @Test
  void aVersionNumberGetsAVAndABuildNameDoesNot() {
    assertThat(Formats.version("0.1.0")).isEqualTo("v0.1.0");
    assertThat(Formats.version("mediadfs-1")).isEqualTo("mediadfs-1");
    assertThat(Formats.version("")).isEmpty();
  }

  @Test
  void datesAndAges() {
    Instant t = Instant.parse("2025-11-26T14:59:31Z");
    assertThat(Formats.dateTime(t, ZoneOffset.UTC)).isEqualTo("2025-11-26 14:59");
    assertThat(Formats.dateTime(t, ZoneOffset.ofHours(8))).isEqualTo("2025-11-26 22:59");
    assertThat(Formats.age(t, t.plusSeconds(5))).isEqualTo("5 s");
    assertThat(Formats.age(t, t.plusSeconds(600))).isEqualTo("10 min");
    assertThat(Formats.age(t, t.plusSeconds(3 * 3600))).isEqualTo("3 h");
    assertThat(Formats.age(t, t.plusSeconds(5 * 86400))).isEqualTo("5 d");
    assertThat(Formats.age(t, t.minusSeconds(9))).isEqualTo("0 s");
    assertThat(Formats.rate(1536)).isEqualTo("1.5 KiB/s");
  }
}
