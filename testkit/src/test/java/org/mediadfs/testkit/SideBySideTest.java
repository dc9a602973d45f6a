package org.mediadfs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  @Test
  void tasksRunAtTheSameTimeAndEveryFailureIsReturned() {
    CountDownLatch both = new CountDownLatch(2);
    Runnable meet =
        () -> {
          both.countDown();
          try {
            // Only returns true if the other task runs at the same time.
            if (!both.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("ran one after the other");
            }
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };
    List<Throwable> failed =
        SideBySide.run(
            List.of(
                new SideBySide.Task("a", meet),
                new SideBySide.Task("b", meet),
                new SideBySide.Task(
                    "c",
                    () -> {
                      throw new AssertionError("c failed");
                    })));
    assertThat(failed).hasSize(1);
    assertThat(failed.getFirst()).isInstanceOf(AssertionError.class).hasMessage("c failed");
  }

  @Test
  void throwFirstThrowsOneWithTheOthersSuppressed() {
    IllegalStateException one = new IllegalStateException("one");
    IllegalArgumentException two = new IllegalArgumentException("two");
    assertThatThrownBy(() -> SideBySide.throwFirst(List.of(one, two)))
        .isSameAs(one)
        .satisfies(t -> assertThat(t.getSuppressed()).containsExactly(two));
    SideBySide.throwFirst(List.of()); // nothing to throw
  }
}
