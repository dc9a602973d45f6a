package org.mediadfs.storage.tracker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnecting to a tracker: 0.5 s, 1 s, 2 s ... up to a cap,
 * each delay drawn between half and all of the step so that nodes restarted together do not
 * reconnect in lockstep. {@link #reset()} after a success. Not thread-safe (one per link).
 */
public final class Backoff {
  private final long baseMillis;
  private final long capMillis;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap");
    }
    this.baseMillis = base.toMillis();
    this.capMillis = cap.toMillis();
    this.random = random;
  }

  /** The delay before the next attempt; grows with each call until {@link #reset()}. */
  public Duration next() {
    long step = baseMillis << Math.min(failures, 30);
    if (step <= 0 || step > capMillis) {
      step = capMillis;
    }
    failures++;
    long half = step / 2;
    return Duration.ofMillis(half + random.nextLong(step - half + 1));
  }

  /** Back to the shortest delay. */
  public void reset() {
    failures = 0;
  }

  /** Consecutive failures so far. */
  public int failures() {
    return failures;
  }
}
