package org.mediadfs.storage.repl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.mediadfs.storage.maint.RateLimiter;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.meta.Outcome;
import org.mediadfs.storage.tracker.Backoff;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.LogEntry;
import org.mediadfs.wire.message.LogOp;
import org.mediadfs.wire.message.Response;

/**
 * Tails one peer's durable replication log from this node's persisted cursor and applies every
 * entry ({@link Applier}): the single mechanism for live copies (an upload's REPL_NOTIFY wakes it
 * at once) and for catch-up after downtime (it simply has more to read). Runs on its own virtual
 * thread; polls with a growing pause (50 ms to 1 s) when idle, and backs off (0.5 s to 10 s) while
 * the peer is unreachable.
 *
 * <p>The cursor moves only in the transactions that apply entries, and only from the value the
 * entry was read after, so it never passes an entry that was not applied; after any failure the
 * next pass starts again from the committed cursor (applying an entry twice changes nothing).
 *
 * <p>Full resync: when the peer's log no longer holds the entries after the cursor (trimmed after
 * the tombstone retention, or the peer's log restarted), every file the peer lists, deleted and
 * purged ones included, is applied the same way, then the cursor is set to the log's end as it was
 * before the listing began.
 */
final class Puller implements Runnable {
  private static final System.Logger LOG = System.getLogger(Puller.class.getName());
  private static final long IDLE_MIN_MS = 50;
  private static final long IDLE_MAX_MS = 1000;

  private final String peerId;
  private final Supplier<PeerClient> client;
  private final Supplier<List<PeerClient>> alternates;
  private final Applier applier;
  private final MetaWriter writer;
  private final RateLimiter limiter;
  private final Runnable changed;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong fullResyncs = new AtomicLong();
  private volatile boolean stopped;
  private volatile boolean caughtUp;
  private volatile boolean reachable;

  /**
   * Wall-clock millis of the first failed pass since the peer last answered (or since this node
   * started, when it never did); 0 while the peer answers and before the first pass.
   */
  private volatile long unreachableSinceMillis;

  private volatile boolean resyncing;
  private volatile long peerLastSeq;
  private volatile String lastError = "";

  /**
   * @param peerId the peer
   * @param client its current client (the address may change between passes)
   * @param alternates the other peers, for bytes the peer cannot give
   * @param changed called when the puller's catch-up state changes
   */
  Puller(
      String peerId,
      Supplier<PeerClient> client,
      Supplier<List<PeerClient>> alternates,
      Applier applier,
      MetaWriter writer,
      RateLimiter limiter,
      Runnable changed) {
    this.peerId = peerId;
    this.client = client;
    this.alternates = alternates;
    this.applier = applier;
    this.writer = writer;
    this.limiter = limiter;
    this.changed = changed;
  }

  /** Pull now (the peer notified a change). */
  void wake() {
    wake.release();
  }

  /** Stops after the current step. */
  void stop() {
    stopped = true;
    wake.release();
  }

  /**
   * True once the puller has reached the end of the peer's log since start (or found the peer
   * unreachable: nothing can be learned from it then), and no full resync is running.
   */
  boolean caughtUp() {
    return caughtUp && !resyncing;
  }

  /** True while a full resync runs. */
  boolean resyncing() {
    return resyncing;
  }

  /** True when the last pass reached the peer. */
  boolean reachable() {
    return reachable;
  }

  /**
   * Since when (wall-clock millis) the peer has not answered this node: the first failed pass after
   * its last answer, or the first failed pass at all when it never answered since this node started
   * (a member killed before this node first reached it: it cannot have acknowledged a file made
   * after that moment either). 0 while it answers, or before the first pass (nothing known).
   */
  long unreachableSinceMillis() {
    return unreachableSinceMillis;
  }

  /** Entries of the peer's log not yet applied (as of the last read). */
  long entriesBehind() {
    return Math.max(0, peerLastSeq - writer.cursor(peerId));
  }

  /** Bytes of files listed in the peer's log and not yet copied (a lower bound). */
  long bytesBehind() {
    return Math.max(0, pendingBytes.get());
  }

  /** Entries and listed files applied, full resyncs done. */
  long[] stats() {
    return new long[] {applied.get(), fullResyncs.get()};
  }

  /** The last failure, for the health endpoint. */
  String lastError() {
    return lastError;
  }

  @Override
  public void run() {
    Backoff failures =
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), RandomGenerator.getDefault());
    long idleMs = IDLE_MIN_MS;
    while (!stopped) {
      try {
        if (pass()) {
          idleMs = IDLE_MIN_MS;
        } else {
          pause(idleMs);
          idleMs = Math.min(IDLE_MAX_MS, idleMs * 2);
        }
        failures.reset();
        lastError = "";
      } catch (IOException | ErrorReplyException e) {
        reachable = false;
        if (unreachableSinceMillis == 0) {
          unreachableSinceMillis = System.currentTimeMillis();
        }
        lastError = e.toString();
        if (!caughtUp) {
          caughtUp = true; // nothing to learn from an unreachable peer: do not hold SYNCING
          changed.run();
        }
        LOG.log(
            failures.failures() == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
            "replication from peer {0} failed: {1}",
            peerId,
            e.toString());
        if (!pauseQuietly(failures.next())) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastError = e.toString();
        LOG.log(System.Logger.Level.ERROR, "replication from peer " + peerId + " failed", e);
        if (!pauseQuietly(failures.next())) {
          return;
        }
      }
    }
  }

  /**
   * Reads one page of the peer's log and applies it.
   *
   * @return true when there may be more to read at once
   */
  boolean pass() throws IOException, ErrorReplyException, InterruptedException {
    long cursor = writer.cursor(peerId);
    PeerClient c = client.get();
    Response.ReplLog page = c.log(cursor, PeerClient.PAGE);
    reachable = true;
    unreachableSinceMillis = 0;
    peerLastSeq = page.lastSeq();
    if (page.lastSeq() < cursor) {
      fullResync(c, page.lastSeq(), "its log restarted (last entry " + page.lastSeq() + ")");
      return true;
    }
    if (page.oldestSeq() > cursor + 1) {
      fullResync(
          c,
          page.lastSeq(),
          "entries after " + cursor + " were trimmed (oldest " + page.oldestSeq() + ")");
      return true;
    }
    if (page.entries().isEmpty()) {
      pendingBytes.set(0);
      markCaughtUp();
      return false;
    }
    long bytes = 0;
    for (LogEntry e : page.entries()) {
      if (e.op() == LogOp.PUT) {
        bytes += e.meta().size();
      }
    }
    pendingBytes.set(bytes);
    long[] submitted = {cursor};
    long seen = cursor;
    List<CompletableFuture<Applier.Result>> futures = new ArrayList<>();
    try {
      List<PeerClient> others = alternates.get();
      for (LogEntry e : page.entries()) {
        long seq = e.seq();
        futures.add(
            applier.apply(
                e.meta(),
                c,
                others,
                limiter,
                () -> {
                  Mutation.CursorMove m = new Mutation.CursorMove(peerId, seq, submitted[0]);
                  submitted[0] = seq;
                  return Optional.of(m);
                }));
        seen = seq;
        if (e.op() == LogOp.PUT) {
          pendingBytes.addAndGet(-e.meta().size());
        }
      }
      if (seen > submitted[0]) {
        futures.add(
            writer
                .submit(
                    new Mutation.AdvanceCursor(new Mutation.CursorMove(peerId, seen, submitted[0])))
                .thenApply(
                    o ->
                        Applier.Result.of(
                            o instanceof Outcome.Applied
                                ? Applier.Kind.SKIPPED
                                : Applier.Kind.RETRY)));
      }
    } finally {
      awaitAll(futures);
    }
    applied.addAndGet(page.entries().size());
    if (seen >= page.lastSeq()) {
      markCaughtUp();
    }
    return true;
  }

  private void markCaughtUp() {
    if (!caughtUp) {
      caughtUp = true;
      changed.run();
    }
  }

  /** Waits for every submitted application; any failure or retry fails the pass (re-read). */
  private void awaitAll(List<CompletableFuture<Applier.Result>> futures)
      throws InterruptedException, IOException {
    IOException failure = null;
    int retries = 0;
    for (CompletableFuture<Applier.Result> f : futures) {
      try {
        if (f.get().kind() == Applier.Kind.RETRY) {
          retries++;
        }
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = new IOException("applying an entry failed: " + e.getCause(), e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (retries > 0) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0} entries of peer {1} changed meanwhile; reading again",
          retries,
          peerId);
      Thread.sleep(20); // let the competing change finish rather than spin against it
    }
  }

  /**
   * Waits for every future; returns the files whose application must be decided again.
   *
   * @throws IOException if an application failed
   */
  private static List<FileMeta> retriesOf(
      List<CompletableFuture<Applier.Result>> futures, List<FileMeta> files)
      throws IOException, InterruptedException {
    List<FileMeta> again = new ArrayList<>();
    Throwable failure = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        if (futures.get(i).get().kind() == Applier.Kind.RETRY) {
          again.add(files.get(i));
        }
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      }
    }
    if (failure != null) {
      throw new IOException("resync of a file failed: " + failure, failure);
    }
    return again;
  }

  /** Applies every file the peer lists, then sets the cursor to {@code snapshotSeq}. */
  private void fullResync(PeerClient c, long snapshotSeq, String why)
      throws IOException, ErrorReplyException, InterruptedException {
    resyncing = true;
    changed.run();
    long files = 0;
    long t0 = System.nanoTime();
    LOG.log(System.Logger.Level.INFO, "full resync from peer {0}: {1}", peerId, why);
    try {
      String after = "";
      do {
        Response.FileList page = c.list(after, PeerClient.PAGE);
        List<PeerClient> others = alternates.get();
        List<CompletableFuture<Applier.Result>> futures = new ArrayList<>();
        List<FileMeta> again;
        try {
          for (FileMeta m : page.files()) {
            futures.add(applier.apply(m, c, others, limiter, Optional::empty));
          }
        } finally {
          again = retriesOf(futures, page.files());
        }
        for (FileMeta m : again) {
          for (int attempt = 0; attempt < 5; attempt++) {
            if (retriesOf(
                    List.of(applier.apply(m, c, others, limiter, Optional::empty)), List.of(m))
                .isEmpty()) {
              break;
            }
          }
        }
        files += page.files().size();
        after = page.next();
      } while (!after.isEmpty() && !stopped);
      if (stopped) {
        return;
      }
      try {
        Outcome o =
            writer.apply(
                new Mutation.AdvanceCursor(new Mutation.CursorMove(peerId, snapshotSeq, -1)),
                Duration.ofSeconds(60));
        if (!(o instanceof Outcome.Applied)) {
          throw new IOException("cannot set the cursor of peer " + peerId + ": " + o);
        }
      } catch (java.sql.SQLException e) {
        throw new IOException("cannot set the cursor of peer " + peerId, e);
      }
      fullResyncs.incrementAndGet();
      applied.addAndGet(files);
      LOG.log(
          System.Logger.Level.INFO,
          "full resync from peer {0} done: {1} file(s) in {2} ms, cursor at {3}",
          peerId,
          files,
          (System.nanoTime() - t0) / 1_000_000,
          snapshotSeq);
    } finally {
      resyncing = false;
      changed.run();
    }
  }

  private void pause(long ms) throws InterruptedException {
    if (wake.tryAcquire(ms, TimeUnit.MILLISECONDS)) {
      wake.drainPermits();
    }
  }

  private boolean pauseQuietly(Duration d) {
    try {
      pause(d.toMillis());
      return !stopped;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
