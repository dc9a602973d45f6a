package org.mediadfs.storage.maint;

import java.util.function.LongSupplier;

/**
 * Paces a stream of bytes to a rate (the scrubber's reads; replication's copies in issue 5). Works
 * in virtual time: each acquire books {@code n / rate} seconds after the previous booking and
 * sleeps until its booking starts, so the long-run rate never exceeds the limit and short bursts
 * are allowed only up to {@code burst}. Clock and sleep are injected so the pacing is unit-tested
 * with a fake clock. Thread-safe.
 */
public final class RateLimiter {
  /** How the limiter waits; {@link Thread#sleep} in production. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long bytesPerSecond;
  private final long burstNanos;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long nextFree;

  /**
   * @param bytesPerSecond the rate; 0 or less means unlimited
   * @param burstNanos idle time that may be caught up at once
   */
  public RateLimiter(
      long bytesPerSecond, long burstNanos, LongSupplier nanoClock, Sleeper sleeper) {
    this.bytesPerSecond = bytesPerSecond;
    this.burstNanos = Math.max(0, burstNanos);
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.nextFree = nanoClock.getAsLong();
  }

  /** A limiter on the system clock. */
  public static RateLimiter system(long bytesPerSecond) {
    return new RateLimiter(
        bytesPerSecond,
        100_000_000L,
        System::nanoTime,
        n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
  }

  /** True when no limit applies. */
  public boolean unlimited() {
    return bytesPerSecond <= 0;
  }

  /** Waits until {@code bytes} more may be moved. */
  public void acquire(long bytes) throws InterruptedException {
    if (unlimited() || bytes <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      long start = Math.max(nextFree, now - burstNanos);
      long cost = (long) (bytes * 1_000_000_000.0 / bytesPerSecond);
      nextFree = start + cost;
      wait = start - now;
    }
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }
}
