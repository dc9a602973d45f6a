package org.mediadfs.storage.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void growsExponentiallyWithJitterUpToTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(42));
    long[] steps = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (long step : steps) {
      long d = b.next().toMillis();
      assertThat(d).isBetween(step / 2, step);
    }
    assertThat(b.failures()).isEqualTo(steps.length);
    b.reset();
    assertThat(b.next().toMillis()).isBetween(250L, 500L);
  }

  @Test
  void manyFailuresNeverOverflow() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(1));
    for (int i = 0; i < 1000; i++) {
      assertThat(b.next().toMillis()).isBetween(0L, 30_000L);
    }
  }
}
