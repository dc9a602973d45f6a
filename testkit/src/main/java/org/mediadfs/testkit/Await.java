package org.mediadfs.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition with a deadline: the one way tests and fixtures synchronise with other
 * processes. It polls; it never sleeps a fixed time and hopes.
 */
public final class Await {
  private static final long MAX_PAUSE = Duration.ofMillis(200).toNanos();

  private Await() {}

  /**
   * Polls {@code condition} every 50-200 ms until it returns true (the pause doubles up to 200 ms:
   * a condition that holds is seen within a fifth of a second, at the cost of a cheap probe).
   *
   * @throws AssertionError when the deadline passes; the message names {@code what} and carries the
   *     last exception the condition threw
   */
  public static void until(Duration timeout, String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Duration.ofMillis(50).toNanos();
    Exception last = null;
    while (true) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
        last = null;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        AssertionError err =
            new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
          err.initCause(last);
        }
        throw err;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_PAUSE);
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
  }
}
