package org.mediadfs.client.transport;

/**
 * A monotonic nanosecond clock. Injected so that idle-time and cache-expiry decisions can be tested
 * with a fake clock instead of sleeps.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanoTime();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
