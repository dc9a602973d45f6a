package org.mediadfs.client.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.mediadfs.client.transport.Sleeper;
import org.mediadfs.client.transport.Ticker;

/** A fake clock and sleeper: sleeping advances the clock and is recorded; nothing really waits. */
public final class FakeTime implements Ticker, Sleeper {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
