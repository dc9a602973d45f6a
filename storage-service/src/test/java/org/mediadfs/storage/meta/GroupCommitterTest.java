package org.mediadfs.storage.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
  @Test
  void workQueuedDuringACommitIsCommittedAsOneBatch() throws Exception {
    CountDownLatch firstBatchStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    try (GroupCommitter<Integer, Integer> gc =
        new GroupCommitter<>(
            "test",
            256,
            batch -> {
              batches.add(List.copyOf(batch));
              firstBatchStarted.countDown();
              release.await();
              return batch.stream().map(i -> i * 10).toList();
            })) {
      CompletableFuture<Integer> first = gc.submit(0);
      assertThat(firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Integer>> rest = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        rest.add(gc.submit(i));
      }
      assertThat(rest.getFirst()).isNotDone();
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
      for (int i = 0; i < rest.size(); i++) {
        assertThat(rest.get(i).get(5, TimeUnit.SECONDS)).isEqualTo((i + 1) * 10);
      }
      // One commit for the first item, one for the 100 that queued behind it.
      assertThat(batches).hasSize(2);
      assertThat(batches.get(1)).hasSize(100).isSorted();
      assertThat(gc.batches()).isEqualTo(2);
      assertThat(gc.items()).isEqualTo(101);
    }
  }

  @Test
  void batchesNeverExceedTheLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    try (GroupCommitter<Integer, Integer> gc =
        new GroupCommitter<>(
            "test",
            8,
            batch -> {
              release.await();
              sizes.add(batch.size());
              return batch;
            })) {
      List<CompletableFuture<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(gc.submit(i));
      }
      release.countDown();
      for (CompletableFuture<Integer> f : all) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertThat(sizes).allMatch(s -> s <= 8);
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
    }
  }

  @Test
  void aFailingItemDoesNotFailItsNeighbours() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (GroupCommitter<Integer, Integer> gc =
        new GroupCommitter<>(
            "test",
            64,
            batch -> {
              release.await();
              if (batch.contains(13)) {
                throw new IllegalStateException("bad item in batch");
              }
              return batch;
            })) {
      List<CompletableFuture<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(gc.submit(i));
      }
      release.countDown();
      for (int i = 0; i < 20; i++) {
        if (i == 13) {
          int idx = i;
          assertThatThrownBy(() -> all.get(idx).get(5, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .hasCauseInstanceOf(IllegalStateException.class);
        } else {
          assertThat(all.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
      }
    }
  }

  @Test
  void closeFinishesQueuedWorkAndRefusesNewWork() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    GroupCommitter<Integer, Integer> gc =
        new GroupCommitter<>(
            "test",
            4,
            batch -> {
              release.await();
              return batch;
            });
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(gc.submit(i));
    }
    Thread closer = Thread.ofPlatform().start(gc::close);
    release.countDown();
    closer.join(5000);
    assertThat(closer.isAlive()).isFalse();
    for (int i = 0; i < 10; i++) {
      assertThat(all.get(i).get(1, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThatThrownBy(() -> gc.submit(99).get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void underLoadABatchWaitsForThePreviousBatchsSubmittersButALoneOneNeverWaits() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch inSlowCommit = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    try (GroupCommitter<Integer, Integer> gc =
        new GroupCommitter<>(
            "test",
            256,
            java.time.Duration.ofSeconds(30),
            batch -> {
              batches.add(List.copyOf(batch));
              if (batch.contains(-1)) {
                inSlowCommit.countDown();
                gate.await();
              }
              return batch;
            })) {
      // A lone submitter (the last batch had one item) is committed at once despite the linger.
      long t0 = System.nanoTime();
      gc.submit(0).get(5, TimeUnit.SECONDS);
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
      // Four submitters queue behind a slow commit and are committed as one batch...
      CompletableFuture<Integer> slow = gc.submit(-1);
      assertThat(inSlowCommit.await(5, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Integer>> four = new ArrayList<>();
      for (int i = 10; i < 14; i++) {
        four.add(gc.submit(i));
      }
      gate.countDown();
      slow.get(5, TimeUnit.SECONDS);
      for (CompletableFuture<Integer> f : four) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertThat(batches).contains(List.of(10, 11, 12, 13));
      // ...then they come back one by one: the writer waits for all four instead of committing
      // the first one alone (and well before the 30 s linger runs out).
      long t1 = System.nanoTime();
      List<CompletableFuture<Integer>> again = new ArrayList<>();
      for (int i = 20; i < 24; i++) {
        again.add(gc.submit(i));
        Thread.sleep(20); // the clients' round trips; not a synchronisation
      }
      for (CompletableFuture<Integer> f : again) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertThat(batches).contains(List.of(20, 21, 22, 23));
      assertThat(System.nanoTime() - t1).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
  }
}
