package org.mediadfs.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently the client retries. One attempt is one pass over the candidate
 * servers (all trackers, or the storage nodes the tracker named); between passes it waits {@code
 * initialBackoff × multiplier^(pass-1)}, capped at {@code maxBackoff}, minus up to {@code jitter}
 * of it at random (so many clients do not retry in step). The total is therefore bounded: at most
 * {@code maxAttempts} passes and {@code maxAttempts - 1} waits.
 *
 * @param maxAttempts passes over the servers (≥ 1)
 * @param initialBackoff wait after the first failed pass
 * @param maxBackoff longest wait
 * @param multiplier growth of the wait per pass (≥ 1)
 * @param jitter fraction of the wait taken off at random, 0 to 1
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter) {
  /** 3 passes, waits of 200 ms then 400 ms (±20%). */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.2);

  /** A single pass, no waiting (the original's behaviour, minus its 10 tries per tracker). */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be between 0 and 1: " + jitter);
    }
  }

  /**
   * The wait after failed pass {@code pass} (1-based).
   *
   * @param random source of the jitter
   */
  public Duration backoff(int pass, RandomGenerator random) {
    double base = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, pass - 1));
    double capped = Math.min(base, maxBackoff.toNanos());
    double withJitter = capped * (1.0 - jitter * random.nextDouble());
    return Duration.ofNanos((long) withJitter);
  }
}
