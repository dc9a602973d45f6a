package org.mediadfs.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs tasks side by side, one virtual thread each, and waits for all of them. */
public final class SideBySide {
  private SideBySide() {}

  /** A named task (the name is its thread's). */
  public record Task(String name, Runnable body) {}

  /**
   * Runs every task on its own virtual thread and returns once all have ended.
   *
   * @return what the tasks threw (runtime exceptions and errors), empty when none failed
   * @throws IllegalStateException if this thread is interrupted while waiting
   */
  public static List<Throwable> run(List<Task> tasks) {
    List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (Task t : tasks) {
      threads.add(
          Thread.ofVirtual()
              .name(t.name())
              .start(
                  () -> {
                    try {
                      t.body().run();
                    } catch (RuntimeException | Error e) {
                      failed.add(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + t.getName(), e);
      }
    }
    return List.copyOf(failed);
  }

  /** Throws the first of {@code failures}, the others suppressed in it; nothing when empty. */
  public static void throwFirst(List<Throwable> failures) {
    if (failures.isEmpty()) {
      return;
    }
    Throwable first = failures.getFirst();
    failures.subList(1, failures.size()).forEach(first::addSuppressed);
    if (first instanceof Error e) {
      throw e;
    }
    throw (RuntimeException) first;
  }
}
