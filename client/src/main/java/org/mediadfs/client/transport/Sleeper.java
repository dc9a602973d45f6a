package org.mediadfs.client.transport;

import java.time.Duration;

/**
 * Waits between retries. Injected so that backoff can be tested without sleeping: a test sleeper
 * records the durations it was asked for.
 */
@FunctionalInterface
public interface Sleeper {
  /** Blocks for {@code d} (virtual threads unmount while they sleep). */
  void sleep(Duration d) throws InterruptedException;

  /** {@link Thread#sleep(Duration)}. */
  static Sleeper system() {
    return Thread::sleep;
  }
}
