package org.mediadfs.storage.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void idleReadAndSuspendedDeadlines() {
    Deadline d = new Deadline(10_000_000_000L, 1_000_000_000L);
    long now = System.nanoTime();
    assertThat(d.expired(now)).isFalse();
    assertThat(d.expired(now + 11_000_000_000L)).isTrue();
    d.progress();
    assertThat(d.expired(System.nanoTime() + 2_000_000_000L)).isTrue();
    d.suspend();
    assertThat(d.expired(Long.MAX_VALUE - 1)).isFalse();
    d.at(now);
    assertThat(d.expired(now + 1)).isTrue();
  }
}
