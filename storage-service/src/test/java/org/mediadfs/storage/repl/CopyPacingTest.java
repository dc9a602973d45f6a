package org.mediadfs.storage.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mediadfs.storage.maint.RateLimiter;

/**
 * The replication bandwidth cap ({@code replication.bandwidth}) as the copies use it: one limiter
 * per node, shared by every peer's puller and the repairer, paid chunk by chunk before the chunk is
 * read. Proven on a fake clock that moves only when the limiter makes a copier wait.
 */
class CopyPacingTest {
  static final int CHUNK = 64 * 1024;
  static final long CAP = 2L << 20; // 2 MiB/s

  final AtomicLong now = new AtomicLong(5_000_000_000L);
  final RateLimiter limiter = new RateLimiter(CAP, 100_000_000L, now::get, n -> now.addAndGet(n));

  @Test
  void tenMebibytesAtTwoMebibytesPerSecondTakeFiveSeconds() throws Exception {
    long start = now.get();
    long copied = 0;
    while (copied < 10L << 20) {
      limiter.acquire(CHUNK);
      copied += CHUNK;
    }
    double seconds = (now.get() - start) / 1e9;
    // The first 100 ms are the burst; the last chunk's time is paid by the next caller.
    assertThat(seconds).isBetween(4.8, 5.0);
    double rate = copied / seconds;
    assertThat(rate).isBetween(CAP * 0.98, CAP * 1.06);
  }

  @Test
  void twoPeersCopyingAtOnceShareTheCapOfTheNode() throws Exception {
    long start = now.get();
    long a = 0;
    long b = 0;
    // Two pullers (two peers), interleaved chunk by chunk: together they get the cap, not twice.
    while (a + b < 10L << 20) {
      limiter.acquire(CHUNK);
      a += CHUNK;
      limiter.acquire(CHUNK / 2);
      b += CHUNK / 2;
    }
    double seconds = (now.get() - start) / 1e9;
    assertThat((a + b) / seconds).isBetween(CAP * 0.98, CAP * 1.06);
    assertThat(a).isEqualTo(2 * b);
  }

  @Test
  void anIdleNodeDoesNotBankMoreThanTheBurst() throws Exception {
    now.addAndGet(60_000_000_000L); // a minute without copies
    long start = now.get();
    long copied = 0;
    while (copied < 4L << 20) {
      limiter.acquire(CHUNK);
      copied += CHUNK;
    }
    double seconds = (now.get() - start) / 1e9;
    // 4 MiB at 2 MiB/s is 2 s; only the 100 ms burst may be skipped, not the idle minute.
    assertThat(seconds).isBetween(1.8, 2.0);
  }
}
