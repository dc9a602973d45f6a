package org.mediadfs.storage.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: many threads submit work, one thread applies whatever has queued up as one batch
 * (one fsync, one transaction) and then completes every submitter's future. Batches form naturally:
 * while one batch commits, the next one queues, so under load one commit covers many uploads and
 * when idle a lone upload is committed at once (no linger delay).
 *
 * <p>Invariants: items are processed in submission order; a future completes only after its item's
 * batch was processed (successfully or not); if a batch fails as a whole it is retried item by
 * item, so one bad item cannot fail its neighbours; after {@link #close()} nothing new is accepted
 * and everything queued still completes.
 *
 * @param <T> the work item
 * @param <R> the result of one item
 */
public final class GroupCommitter<T, R> implements AutoCloseable {
  /** Applies one batch; returns one result per item, in order. */
  @FunctionalInterface
  public interface Processor<T, R> {
    List<R> process(List<T> batch) throws Exception;
  }

  private record Item<T, R>(T work, CompletableFuture<R> future) {}

  private static final Item<?, ?> STOP = new Item<>(null, null);

  private final BlockingQueue<Item<T, R>> queue = new LinkedBlockingQueue<>();
  private final Processor<T, R> processor;
  private final int maxBatch;
  private final Thread thread;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private final long lingerNanos;
  private int lastBatchSize = 1;
  private volatile boolean closed;

  /**
   * Starts the committing thread.
   *
   * @param name thread name
   * @param maxBatch most items in one batch
   */
  public GroupCommitter(String name, int maxBatch, Processor<T, R> processor) {
    this(name, maxBatch, java.time.Duration.ZERO, processor);
  }

  /**
   * Starts the committing thread.
   *
   * @param name thread name
   * @param maxBatch most items in one batch
   * @param linger under load, how long a batch may wait for the previous batch's submitters to come
   *     back ({@link #linger}); zero never waits
   */
  public GroupCommitter(
      String name, int maxBatch, java.time.Duration linger, Processor<T, R> processor) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.processor = processor;
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
  }

  /** Queues an item; the future completes when its batch has been processed. */
  public CompletableFuture<R> submit(T work) {
    CompletableFuture<R> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("shutting down"));
      return f;
    }
    Item<T, R> item = new Item<>(work, f);
    queue.add(item);
    if (closed && queue.remove(item)) {
      // Raced with close(): the item may sit behind the stop marker; fail it so nobody waits.
      f.completeExceptionally(new IllegalStateException("shutting down"));
    }
    return f;
  }

  /** Batches processed so far. */
  public long batches() {
    return batches.get();
  }

  /** Items processed so far. */
  public long items() {
    return items.get();
  }

  @SuppressWarnings("unchecked")
  private void run() {
    List<Item<T, R>> batch = new ArrayList<>(maxBatch);
    boolean stop = false;
    while (!stop) {
      try {
        Item<T, R> first = queue.take();
        if (first == STOP) {
          break;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        linger(batch);
        int stopAt = batch.indexOf(STOP);
        if (stopAt >= 0) {
          // Items after the marker were queued after close(); they are failed below.
          List<Item<T, R>> late = new ArrayList<>(batch.subList(stopAt + 1, batch.size()));
          batch.subList(stopAt, batch.size()).clear();
          late.forEach(
              i -> i.future().completeExceptionally(new IllegalStateException("shutting down")));
          stop = true;
        }
        if (!batch.isEmpty()) {
          process(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop = true;
      } finally {
        batch.clear();
      }
    }
    drainAndFail();
  }

  /**
   * Under steady load, waits a moment for the rest of the previous batch's submitters: they come
   * back as soon as their acknowledgement reaches them, and without the wait the writer alternates
   * between two half-size batches, paying the fixed cost of a commit twice. Waits only while fewer
   * items than last time are queued, at most {@code lingerNanos}; a lone submitter (last batch of
   * one) never waits.
   */
  @SuppressWarnings("unchecked")
  private void linger(List<Item<T, R>> batch) throws InterruptedException {
    int want = Math.min(lastBatchSize, maxBatch);
    if (lingerNanos > 0 && batch.size() < want && !closed) {
      long deadline = System.nanoTime() + lingerNanos;
      while (batch.size() < want) {
        long left = deadline - System.nanoTime();
        Item<T, R> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          break;
        }
        batch.add(next);
        if (next == STOP) {
          break;
        }
        queue.drainTo(batch, maxBatch - batch.size());
      }
    }
    lastBatchSize = batch.size();
  }

  private void process(List<Item<T, R>> batch) {
    List<T> work = batch.stream().map(Item::work).toList();
    try {
      List<R> results = processor.process(work);
      if (results.size() != batch.size()) {
        throw new IllegalStateException(
            "processor returned " + results.size() + " results for " + batch.size() + " items");
      }
      batches.incrementAndGet();
      items.addAndGet(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(results.get(i));
      }
    } catch (Exception e) {
      if (batch.size() == 1) {
        batches.incrementAndGet();
        items.incrementAndGet();
        batch.getFirst().future().completeExceptionally(e);
        return;
      }
      // Isolate the failing item: retry each on its own.
      for (Item<T, R> item : batch) {
        process(List.of(item));
      }
    }
  }

  private void drainAndFail() {
    List<Item<T, R>> left = new ArrayList<>();
    queue.drainTo(left);
    for (Item<T, R> i : left) {
      if (i != STOP) {
        i.future().completeExceptionally(new IllegalStateException("shutting down"));
      }
    }
  }

  /** Stops accepting work, finishes what is queued, and stops the thread. */
  @Override
  @SuppressWarnings("unchecked")
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add((Item<T, R>) STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
