package org.mediadfs.id.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.ErrorCode;

class IdAllocatorTest {

  /** The database row per key, as the original kept it: the start of the next free block. */
  static final class MemoryBlocks implements BlockSource {
    final Map<String, Long> next = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    int failuresLeft;

    @Override
    public synchronized IdBlock reserve(String key, int size) {
      calls.add(key);
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IllegalStateException("database down");
      }
      long start = next.getOrDefault(key, 0L);
      next.put(key, start + size);
      return new IdBlock(start, size);
    }
  }

  private final MemoryBlocks db = new MemoryBlocks();

  @Test
  void idsComeFromMemoryAndTheDatabaseStepsOneBlockAtATime() throws Exception {
    IdAllocator ids = new IdAllocator(db, 10, 100);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      got.add(ids.next("group001"));
    }
    assertThat(got)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 25).boxed().toList());
    assertThat(db.calls).hasSize(3);
    assertThat(db.next).containsEntry("group001", 30L);
  }

  @Test
  void keysAreIndependent() throws Exception {
    IdAllocator ids = new IdAllocator(db, 10, 100);
    assertThat(ids.next("a")).isZero();
    assertThat(ids.next("b")).isZero();
    assertThat(ids.next("a")).isEqualTo(1);
  }

  @Test
  void aRestartSkipsTheRestOfTheBlockAndNeverRepeats() throws Exception {
    IdAllocator first = new IdAllocator(db, 100, 100);
    for (int i = 0; i < 5; i++) {
      first.next("k");
    }
    IdAllocator restarted = new IdAllocator(db, 100, 100); // memory lost, same database
    assertThat(restarted.next("k")).isEqualTo(100);
  }

  @Test
  void twoAllocatorsOnOneSourceNeverHandOutTheSameIdUnderContention() throws Exception {
    IdAllocator a = new IdAllocator(db, 10, 100);
    IdAllocator b = new IdAllocator(db, 10, 100);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        IdAllocator mine = t % 2 == 0 ? a : b;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    assertThat(seen.add(mine.next("hot"))).isTrue();
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(seen).hasSize(16 * 500);
  }

  @Test
  void runsAndSingleIdsShareOneSequenceWithoutOverlapUnderContention() throws Exception {
    IdAllocator a = new IdAllocator(db, 100, 100, Runnable::run);
    IdAllocator b = new IdAllocator(db, 100, 100);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        IdAllocator mine = t % 2 == 0 ? a : b;
        int max = 1 + t * 7;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    if (i % 3 == 0) {
                      assertThat(seen.add(mine.next("hot"))).isTrue();
                    } else {
                      IdBlock run = mine.nextRun("hot", max);
                      assertThat(run.size()).isBetween(1, max);
                      for (long id = run.start(); id < run.end(); id++) {
                        assertThat(seen.add(id)).as("id %d handed out twice", id).isTrue();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThatThrownBy(() -> a.nextRun("hot", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRunStopsAtTheEndOfItsBlock() throws Exception {
    IdAllocator ids = new IdAllocator(db, 10, 100);
    assertThat(ids.nextRun("k", 4)).isEqualTo(new IdBlock(0, 4));
    assertThat(ids.nextRun("k", 64)).isEqualTo(new IdBlock(4, 6));
    assertThat(ids.nextRun("k", 64)).isEqualTo(new IdBlock(10, 10));
    assertThat(ids.next("k")).isEqualTo(20);
    assertThat(db.calls).hasSize(3);
  }

  @Test
  void aTransientFailureIsRetriedAndAPersistentOneIsAnErrorNotANumber() throws Exception {
    IdAllocator ids = new IdAllocator(db, 10, 100);
    db.failuresLeft = 2;
    assertThat(ids.next("k")).isZero();

    IdAllocator other = new IdAllocator(db, 10, 100);
    db.failuresLeft = 3;
    assertThatThrownBy(() -> other.next("x"))
        .isInstanceOfSatisfying(
            IdUnavailableException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(other.next("x")).as("the next request tries again").isZero();
  }

  @Test
  void newKeysBeyondTheLimitAreRefused() throws Exception {
    IdAllocator ids = new IdAllocator(db, 10, 2);
    ids.next("a");
    ids.next("b");
    assertThatThrownBy(() -> ids.next("c"))
        .isInstanceOfSatisfying(
            IdUnavailableException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
    assertThat(ids.next("a")).isEqualTo(1);
  }

  @Test
  void theNextBlockIsReservedWhenHalfTheBlockIsUsed() throws Exception {
    List<Runnable> background = new ArrayList<>();
    IdAllocator ids = new IdAllocator(db, 10, 100, background::add);
    for (int i = 0; i < 5; i++) {
      assertThat(ids.next("k")).isEqualTo(i);
    }
    assertThat(background).as("5 left of 10: prefetch starts").hasSize(1);
    assertThat(db.calls).hasSize(1);
    background.getFirst().run();
    assertThat(db.calls).hasSize(2);
    for (int i = 5; i < 15; i++) {
      assertThat(ids.next("k")).isEqualTo(i);
    }
    assertThat(db.calls).as("the 11th ID came from the prefetched block").hasSize(2);
  }

  @Test
  void aFailedPrefetchFallsBackToAReservationByTheCaller() throws Exception {
    List<Runnable> background = new ArrayList<>();
    IdAllocator ids = new IdAllocator(db, 10, 100, background::add);
    for (int i = 0; i < 6; i++) {
      ids.next("k");
    }
    db.failuresLeft = IdAllocator.RESERVE_ATTEMPTS;
    background.getFirst().run(); // every attempt fails
    for (int i = 6; i < 10; i++) {
      assertThat(ids.next("k")).isEqualTo(i);
    }
    assertThat(ids.next("k")).isEqualTo(10);
  }

  @Test
  void prefetchingKeepsIdsUniqueUnderContention() throws Exception {
    try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
      IdAllocator a = new IdAllocator(db, 10, 100, background);
      IdAllocator b = new IdAllocator(db, 10, 100, background);
      Set<Long> seen = ConcurrentHashMap.newKeySet();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          IdAllocator mine = t % 2 == 0 ? a : b;
          fs.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 500; i++) {
                      assertThat(seen.add(mine.next("hot"))).isTrue();
                    }
                    return null;
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      }
      assertThat(seen).hasSize(16 * 500);
    }
  }
}
