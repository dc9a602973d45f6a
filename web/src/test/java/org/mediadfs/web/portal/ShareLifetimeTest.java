package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShareLifetimeTest {
  @Test
  void formValuesMapToLifetimesAndAnythingElseIsADay() {
    assertThat(ShareLifetime.parse("1h").duration()).isEqualTo(Duration.ofHours(1));
    assertThat(ShareLifetime.parse("7d").duration()).isEqualTo(Duration.ofDays(7));
    assertThat(ShareLifetime.parse("30d")).isEqualTo(ShareLifetime.MONTH);
    assertThat(ShareLifetime.parse(null)).isEqualTo(ShareLifetime.DAY);
    assertThat(ShareLifetime.parse("999d")).isEqualTo(ShareLifetime.DAY);
    for (ShareLifetime l : ShareLifetime.values()) {
      assertThat(ShareLifetime.parse(l.code())).isEqualTo(l);
    }
  }
}
