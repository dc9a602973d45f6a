package org.mediadfs.storage.maint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock that only moves when the limiter sleeps. */
  static final class FakeClock {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicLong slept = new AtomicLong();

    RateLimiter limiter(long rate, long burst) {
      return new RateLimiter(
          rate,
          burst,
          now::get,
          n -> {
            slept.addAndGet(n);
            now.addAndGet(n);
          });
    }
  }

  @Test
  void holdsTheLongRunRateExactly() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter l = clock.limiter(1 << 20, 0);
    long start = clock.now.get();
    for (int i = 0; i < 100; i++) {
      l.acquire(256 * 1024); // 25 MiB in all at 1 MiB/s
    }
    long elapsed = clock.now.get() - start;
    // The last booking starts at 24.75 s; its bytes are paid by the next caller.
    assertThat(elapsed).isBetween(24_700_000_000L, 25_000_000_000L);
    double rate = 25.0 * (1 << 20) / ((elapsed + 250_000_000L) / 1e9);
    assertThat(rate).isBetween(0.99 * (1 << 20), 1.01 * (1 << 20));
  }

  @Test
  void idleTimeIsCaughtUpOnlyUpToTheBurst() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter l = clock.limiter(1000, 500_000_000L); // 1000 B/s, 0.5 s burst
    clock.now.addAndGet(10_000_000_000L); // idle 10 s
    l.acquire(500); // covered by the burst
    l.acquire(500); // starts at the end of the burst: no wait
    assertThat(clock.slept.get()).isZero();
    l.acquire(500); // now in debt: waits 0.5 s
    assertThat(clock.slept.get()).isEqualTo(500_000_000L);
  }

  @Test
  void zeroMeansUnlimited() throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter l = clock.limiter(0, 0);
    assertThat(l.unlimited()).isTrue();
    l.acquire(Long.MAX_VALUE / 2);
    assertThat(clock.slept.get()).isZero();
  }
}
