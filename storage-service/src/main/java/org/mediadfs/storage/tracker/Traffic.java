package org.mediadfs.storage.tracker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's load as the extended heartbeat reports it: open connections and bytes moved. Counters
 * only grow; each reader turns them into rates over its own interval ({@link Rate}).
 */
public final class Traffic {
  private final AtomicInteger connections = new AtomicInteger();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();

  /** Open client connections. */
  public AtomicInteger connections() {
    return connections;
  }

  /** Counts received file bytes. */
  public void received(long n) {
    bytesIn.add(n);
  }

  /** Counts sent file bytes. */
  public void sent(long n) {
    bytesOut.add(n);
  }

  /** Total received bytes. */
  public long totalIn() {
    return bytesIn.sum();
  }

  /** Total sent bytes. */
  public long totalOut() {
    return bytesOut.sum();
  }

  /** Turns the counters into per-second rates between two calls. Not thread-safe. */
  public static final class Rate {
    private final Traffic traffic;
    private long lastNanos;
    private long lastIn;
    private long lastOut;

    public Rate(Traffic traffic, long nowNanos) {
      this.traffic = traffic;
      this.lastNanos = nowNanos;
      this.lastIn = traffic.totalIn();
      this.lastOut = traffic.totalOut();
    }

    /** Bytes in and out per second since the last call. */
    public long[] perSecond(long nowNanos) {
      long in = traffic.totalIn();
      long out = traffic.totalOut();
      long dt = Math.max(1, nowNanos - lastNanos);
      long[] r = {(in - lastIn) * 1_000_000_000L / dt, (out - lastOut) * 1_000_000_000L / dt};
      lastNanos = nowNanos;
      lastIn = in;
      lastOut = out;
      return r;
    }
  }
}
