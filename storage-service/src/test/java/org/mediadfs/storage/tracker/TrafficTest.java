package org.mediadfs.storage.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficTest {
  @Test
  void ratesAreMeasuredPerReaderInterval() {
    Traffic t = new Traffic();
    Traffic.Rate rate = new Traffic.Rate(t, 0);
    t.received(10_000);
    t.sent(4_000);
    long[] r = rate.perSecond(2_000_000_000L);
    assertThat(r).containsExactly(5_000, 2_000);
    assertThat(rate.perSecond(3_000_000_000L)).containsExactly(0, 0);
  }
}
