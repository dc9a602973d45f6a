package org.mediadfs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffGrowsAndIsCapped() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), 2.0, 0);
    SplittableRandom r = new SplittableRandom(1);
    assertThat(p.backoff(1, r)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoff(2, r)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoff(3, r)).isEqualTo(Duration.ofMillis(350));
    assertThat(p.backoff(4, r)).isEqualTo(Duration.ofMillis(350));
  }

  @Test
  void jitterOnlyShortensTheWaitWithinItsFraction() {
    RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(1000), Duration.ofSeconds(5), 2.0, 0.2);
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(p.backoff(1, r)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1000));
    }
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
