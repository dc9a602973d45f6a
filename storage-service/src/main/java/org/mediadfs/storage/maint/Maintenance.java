package org.mediadfs.storage.maint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's background work, each task on its own virtual thread: the reconcile at start and
 * hourly, retention every minute, the scrubber continuously at its rate with a pause between
 * passes. A failing pass is logged and retried at the next interval; it never stops the node.
 */
public final class Maintenance implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());

  /** One periodic task. */
  @FunctionalInterface
  public interface Task {
    void run() throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /** Runs {@code task} after {@code initialDelay}, then every {@code interval}. */
  public void schedule(String name, Duration initialDelay, Duration interval, Task task) {
    threads.add(
        Thread.ofVirtual()
            .name("maint-" + name)
            .start(
                () -> {
                  Duration delay = initialDelay;
                  while (!closed) {
                    try {
                      if (!delay.isZero()) {
                        Thread.sleep(delay);
                      }
                      task.run();
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      if (closed) {
                        return;
                      }
                      LOG.log(System.Logger.Level.ERROR, "maintenance task " + name + " failed", e);
                    }
                    delay = interval;
                  }
                }));
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
