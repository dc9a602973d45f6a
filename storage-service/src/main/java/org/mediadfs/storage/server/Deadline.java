package org.mediadfs.storage.server;

/**
 * When a connection is given up if nothing moves: the {@link Watchdog} closes its channel once
 * {@code System.nanoTime()} passes {@link #expiresAt()}. Waiting for a request arms it with the
 * idle timeout; every read or write during a request re-arms it with the read timeout; server-side
 * work (fsync, commit) suspends it. One writer (the connection's thread), one reader (the
 * watchdog).
 */
final class Deadline {
  private final long idleNanos;
  private final long readNanos;
  private volatile long expiresAt;

  Deadline(long idleNanos, long readNanos) {
    this.idleNanos = idleNanos;
    this.readNanos = readNanos;
    idle();
  }

  /** Waiting for the next request. */
  void idle() {
    expiresAt = System.nanoTime() + idleNanos;
  }

  /** Bytes moved during a request. */
  void progress() {
    expiresAt = System.nanoTime() + readNanos;
  }

  /** Gives up at a fixed instant (closing after an error). */
  void at(long nanos) {
    expiresAt = nanos;
  }

  /** Server-side work: no client timeout applies. */
  void suspend() {
    expiresAt = Long.MAX_VALUE;
  }

  long expiresAt() {
    return expiresAt;
  }

  boolean expired(long now) {
    long e = expiresAt;
    return e != Long.MAX_VALUE && now - e > 0;
  }
}
