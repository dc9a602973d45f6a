package org.mediadfs.tracker.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when told, and a timer driven by it: advancing the clock runs the tasks
 * that came due, in order. No sleeps, no threads.
 */
public final class FakeTime implements InstantSource, NodeRegistry.Timer {
  private Instant now;
  private final List<Task> tasks = new ArrayList<>();

  private static final class Task {
    final Instant when;
    final Runnable run;
    boolean cancelled;

    Task(Instant when, Runnable run) {
      this.when = when;
      this.run = run;
    }
  }

  public FakeTime(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public synchronized NodeRegistry.Cancellable at(Instant when, Runnable task) {
    Task t = new Task(when, task);
    tasks.add(t);
    return () -> {
      synchronized (FakeTime.this) {
        t.cancelled = true;
      }
    };
  }

  /** Moves the clock and runs every task due by then. */
  public void advance(Duration d) {
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      now = now.plus(d);
      for (Task t : List.copyOf(tasks)) {
        if (!t.cancelled && !t.when.isAfter(now)) {
          due.add(t);
          tasks.remove(t);
        }
      }
    }
    due.sort((a, b) -> a.when.compareTo(b.when));
    due.forEach(t -> t.run.run());
  }

  /** Tasks scheduled and not cancelled. */
  public synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
