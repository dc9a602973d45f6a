package org.mediadfs.faults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsDeletedException;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.client.MediadfsNotFoundException;
import org.mediadfs.client.RangeStream;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * The seeded workload that runs while faults are injected: several virtual threads, each with its
 * own user and its own files, upload files of mixed sizes, download them whole and in ranges, stat,
 * delete, restore and check that deleted files stay deleted — all through the client library, as an
 * application would. Every acknowledgement goes to the {@link Ledger}; every answer that
 * contradicts the ledger (wrong bytes, an acknowledged file NOT_FOUND, a deleted file served) is a
 * violation. Failures without an answer are expected while faults run: they are counted and, for
 * uploads, deletes and restores, settled after the run (see {@link #stop()}).
 *
 * <p>Replay: worker {@code i} draws every choice from {@code SplittableRandom(seed + i)}, so the
 * same seed gives the same sequence of operations, sizes and contents (the timing of faults is
 * logged).
 */
final class Workload {
  /** File sizes: mostly small, some medium, a few large, within a byte budget per run. */
  record Sizes(double mediumShare, double largeShare, long largeMax, long byteBudget) {
    static final long KIB = 1024;
    static final long MIB = 1024 * 1024;

    static Sizes of(Settings s) {
      return s.soak()
          ? new Sizes(0.25, 0.05, 64 * MIB, 4096 * MIB)
          : new Sizes(0.12, 0.02, 64 * MIB, 24 * MIB);
    }

    long pick(SplittableRandom r, AtomicLong spent) {
      double x = r.nextDouble();
      long size;
      if (x < largeShare) {
        size = logUniform(r, 4 * MIB, largeMax);
      } else if (x < largeShare + mediumShare) {
        size = logUniform(r, 256 * KIB, 4 * MIB);
      } else {
        size = logUniform(r, KIB, 256 * KIB);
      }
      if (spent.addAndGet(size) > byteBudget) {
        spent.addAndGet(-size);
        size = logUniform(r, KIB, 64 * KIB);
        spent.addAndGet(size);
      }
      return size;
    }

    private static long logUniform(SplittableRandom r, long lo, long hi) {
      double l = Math.log(lo);
      double h = Math.log(hi);
      return Math.max(lo, Math.min(hi, (long) Math.exp(l + r.nextDouble() * (h - l))));
    }
  }

  /** Counts of one kind of operation. */
  static final class OpStats {
    final LongAdder ok = new LongAdder();
    final LongAdder failed = new LongAdder();
  }

  /** What a run's workload did. */
  static final class Stats {
    final Map<String, OpStats> ops = new ConcurrentHashMap<>();
    final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    final LongAdder bytesUp = new LongAdder();
    final LongAdder bytesDown = new LongAdder();

    void ok(String op) {
      ops.computeIfAbsent(op, k -> new OpStats()).ok.increment();
    }

    void failed(String op, Throwable e) {
      ops.computeIfAbsent(op, k -> new OpStats()).failed.increment();
      String kind =
          op + "/" + (e instanceof MediadfsException m ? m.code() : e.getClass().getSimpleName());
      failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** A read that showed a state older than an acknowledged change (async replication lag). */
    void stale(String what) {
      failures.computeIfAbsent("stale-read/" + what, k -> new LongAdder()).increment();
    }

    /** Adds another run's counts to these. */
    void add(Stats o) {
      o.ops.forEach(
          (k, v) -> {
            OpStats t = ops.computeIfAbsent(k, x -> new OpStats());
            t.ok.add(v.ok.sum());
            t.failed.add(v.failed.sum());
          });
      o.failures.forEach((k, v) -> failures.computeIfAbsent(k, x -> new LongAdder()).add(v.sum()));
      bytesUp.add(o.bytesUp.sum());
      bytesDown.add(o.bytesDown.sum());
    }

    long total() {
      return ops.values().stream().mapToLong(o -> o.ok.sum() + o.failed.sum()).sum();
    }

    long totalOk() {
      return ops.values().stream().mapToLong(o -> o.ok.sum()).sum();
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      new TreeMap<>(ops)
          .forEach(
              (k, v) ->
                  b.append(k)
                      .append(' ')
                      .append(v.ok.sum())
                      .append(" ok/")
                      .append(v.failed.sum())
                      .append(" failed, "));
      b.append("up ")
          .append(bytesUp.sum() >> 20)
          .append(" MiB, down ")
          .append(bytesDown.sum() >> 20)
          .append(" MiB");
      if (!failures.isEmpty()) {
        b.append("; failures: ");
        new TreeMap<>(failures)
            .forEach((k, v) -> b.append(k).append('=').append(v.sum()).append(' '));
      }
      return b.toString();
    }
  }

  private final Suite suite;
  private final String run;
  private final long seed;
  private final List<String> users;
  private final int workers;
  private final Sizes sizes;
  private final Duration think;
  private final Stats stats = new Stats();
  private final AtomicLong spent = new AtomicLong();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();
  private final MediadfsClient client;

  Workload(Suite suite, String run, long seed, List<String> users, int workers, Duration think) {
    this.suite = suite;
    this.run = run;
    this.seed = seed;
    this.users = List.copyOf(users);
    this.workers = workers;
    this.sizes = Sizes.of(suite.settings());
    this.think = think;
    this.client = suite.client();
  }

  Stats stats() {
    return stats;
  }

  /** Starts the workers. */
  Workload start() {
    suite.log().event(run, "workload: " + workers + " workers, users " + users + ", seed " + seed);
    for (int i = 0; i < workers; i++) {
      Worker w = new Worker(i, users.get(i % users.size()), new SplittableRandom(seed + i));
      threads.add(Thread.ofVirtual().name("workload-" + run + "-" + i).start(w::loop));
    }
    return this;
  }

  /**
   * Stops the workers (each finishes its current operation), then settles every operation that
   * failed without an answer: pending deletes and restores are retried until answered, unanswered
   * uploads are looked up and, if stored, adopted into the ledger.
   */
  Stats stop() {
    stop.countDown();
    for (Thread t : threads) {
      try {
        if (!t.join(Duration.ofMinutes(3))) {
          suite.ledger().violation(run, "workload thread " + t.getName() + " hangs");
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    settle();
    suite.log().event(run, "workload stopped: " + stats);
    suite.totals().add(stats);
    return stats;
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  /** Waits, unless the workload is told to stop: pacing between operations, not synchronisation. */
  private void pause(Duration d) {
    try {
      stop.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Worker {
    final int index;
    final String user;
    final SplittableRandom rnd;
    final List<Ledger.Entry> mine = new ArrayList<>();

    Worker(int index, String user, SplittableRandom rnd) {
      this.index = index;
      this.user = user;
      this.rnd = rnd;
    }

    void loop() {
      int failuresInRow = 0;
      while (!stopping()) {
        String op = choose();
        try {
          switch (op) {
            case "upload" -> upload();
            case "download" -> download();
            case "range" -> range();
            case "stat" -> stat();
            case "delete" -> delete();
            case "restore" -> restore();
            case "deleted-check" -> deletedCheck();
            default -> throw new IllegalStateException(op);
          }
          stats.ok(op);
          failuresInRow = 0;
          if (!think.isZero()) {
            pause(Duration.ofNanos(rnd.nextLong(think.toNanos() + 1)));
          }
        } catch (IOException | RuntimeException e) {
          stats.failed(op, e);
          failuresInRow++;
          // Back off while the cluster is unavailable; the failure itself is expected under faults.
          pause(Duration.ofMillis(Math.min(1000, 50L << Math.min(failuresInRow, 5))));
        }
      }
    }

    private String choose() {
      List<Ledger.Entry> active = pick(Ledger.State.ACTIVE);
      List<Ledger.Entry> deleted = pick(Ledger.State.DELETED);
      if (active.isEmpty()) {
        return "upload";
      }
      int x = rnd.nextInt(100);
      if (x < 35) {
        return "upload";
      } else if (x < 55) {
        return "download";
      } else if (x < 72) {
        return "range";
      } else if (x < 79) {
        return "stat";
      } else if (x < 88) {
        return "delete";
      } else if (x < 94) {
        return deleted.isEmpty() ? "stat" : "restore";
      } else {
        return deleted.isEmpty() ? "download" : "deleted-check";
      }
    }

    private List<Ledger.Entry> pick(Ledger.State s) {
      return mine.stream().filter(e -> e.state == s && e.pending == Ledger.Pending.NONE).toList();
    }

    private Ledger.Entry any(Ledger.State s) {
      List<Ledger.Entry> l = pick(s);
      return l.get(rnd.nextInt(l.size()));
    }

    void upload() throws IOException {
      long size = sizes.pick(rnd, spent);
      long contentSeed = rnd.nextLong();
      String fileId = FileIds.generate(user);
      Content.Digest d = Content.digest(contentSeed, 0, size);
      suite.ledger().unknown(new Ledger.Unknown(run, Suite.APP, user, fileId, contentSeed, d));
      UploadOptions o = UploadOptions.DEFAULTS.withFileId(fileId);
      UploadResult r;
      if (size <= 8 << 20) {
        r = client.upload(Suite.APP, user, Content.bytes(contentSeed, (int) size), o);
      } else {
        Path tmp = Files.createTempFile(suite.tmpDir(), "upload-", ".bin");
        try {
          Content.write(contentSeed, size, tmp);
          r = client.upload(Suite.APP, user, tmp, o.withContentType("application/octet-stream"));
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      suite.ledger().answered(fileId);
      if (r.size() != size || r.crc32c() != d.crc32c()) {
        suite
            .ledger()
            .violation(run, "upload of " + fileId + " acknowledged " + r + " but sent " + d);
      }
      mine.add(suite.ledger().uploaded(run, user, fileId, r.groupName(), contentSeed, d, r.node()));
      stats.bytesUp.add(size);
    }

    void download() throws IOException {
      Ledger.Entry e = any(Ledger.State.ACTIVE);
      Content.DigestStream out = new Content.DigestStream();
      try {
        client.download(Suite.APP, user, e.fileId, out);
      } catch (MediadfsNotFoundException | MediadfsDeletedException x) {
        notServed(e, x);
        throw x;
      }
      Content.Digest got = out.digest();
      if (!got.matches(e.digest)) {
        suite.ledger().violation(run, "download of " + e + " returned " + got);
      }
      stats.bytesDown.add(got.size());
    }

    void range() throws IOException {
      Ledger.Entry e = any(Ledger.State.ACTIVE);
      long off = rnd.nextLong(e.size());
      long len = 1 + rnd.nextLong(Math.min(e.size() - off, 4L << 20));
      Content.DigestStream out = new Content.DigestStream();
      try (RangeStream in = client.openRange(Suite.APP, user, e.fileId, off, len)) {
        in.transferTo(out);
      } catch (MediadfsNotFoundException | MediadfsDeletedException x) {
        notServed(e, x);
        throw x;
      }
      Content.Digest got = out.digest();
      Content.Digest want = Content.digest(e.contentSeed, off, len);
      if (!got.matches(want)) {
        suite
            .ledger()
            .violation(
                run,
                "range [" + off + "+" + len + ") of " + e + " returned " + got + ", not " + want);
      }
      stats.bytesDown.add(got.size());
    }

    /**
     * An ACTIVE file answered NOT_FOUND or DELETED. NOT_FOUND is never right: a member that lacks
     * an acknowledged file must fetch it from a peer (read repair) or say NOT_HERE_YET. DELETED
     * after an acknowledged restore is a stale read while the restore travels to the other member
     * (async replication); the run's final check demands every member agree.
     */
    private void notServed(Ledger.Entry e, MediadfsException x) {
      if (x instanceof MediadfsDeletedException && Suite.REPLICATION && e.restoredOnce) {
        stats.stale("deleted-after-restore");
        return;
      }
      suite.ledger().violation(run, "acknowledged file " + e + " answered " + x.getMessage());
    }

    void stat() throws IOException {
      Ledger.Entry e = any(Ledger.State.ACTIVE);
      FileMeta m = client.stat(Suite.APP, user, e.fileId);
      if (Suite.REPLICATION && e.restoredOnce && m.status() == FileStatus.DELETED) {
        stats.stale("deleted-after-restore");
        return;
      }
      if (m.status() != FileStatus.ACTIVE
          || m.size() != e.size()
          || m.crc32c() != e.digest.crc32c()) {
        suite.ledger().violation(run, "stat of " + e + " returned " + m);
      }
    }

    void delete() throws IOException {
      Ledger.Entry e = any(Ledger.State.ACTIVE);
      e.pending = Ledger.Pending.DELETE;
      client.delete(Suite.APP, user, e.fileId);
      suite.ledger().deleted(e);
    }

    void restore() throws IOException {
      Ledger.Entry e = any(Ledger.State.DELETED);
      e.pending = Ledger.Pending.RESTORE;
      client.restore(Suite.APP, user, e.fileId);
      suite.ledger().restored(e);
    }

    void deletedCheck() throws IOException {
      Ledger.Entry e = any(Ledger.State.DELETED);
      try {
        long n = client.fileSize(Suite.APP, user, e.fileId);
        if (Suite.REPLICATION) {
          // The member asked may not have pulled the delete yet (async replication); the run's
          // final check demands that every member says DELETED.
          stats.stale("served-after-delete");
        } else {
          suite.ledger().violation(run, "deleted file " + e + " is served (size " + n + ")");
        }
      } catch (MediadfsDeletedException expected) {
        return;
      }
    }
  }

  /** Retries every unanswered operation of this run until it is answered (bounded). */
  private void settle() {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    for (Ledger.Entry e : suite.ledger().ofRun(run)) {
      while (e.pending != Ledger.Pending.NONE) {
        try {
          switch (e.pending) {
            case DELETE -> {
              try {
                client.delete(e.appId, e.userId, e.fileId);
              } catch (MediadfsDeletedException already) {
                // The failed attempt did it.
              }
              suite.ledger().deleted(e);
            }
            case RESTORE -> {
              client.restore(e.appId, e.userId, e.fileId);
              suite.ledger().restored(e);
            }
            case NONE -> {}
          }
        } catch (IOException x) {
          if (System.nanoTime() - deadline > 0) {
            suite.ledger().violation(run, "cannot settle " + e.pending + " of " + e + ": " + x);
            e.pending = Ledger.Pending.NONE;
            break;
          }
          pauseSettling();
        }
      }
    }
    for (Ledger.Unknown u : suite.ledger().takeUnknown(run)) {
      while (true) {
        try {
          FileMeta m = client.stat(u.appId(), u.userId(), u.fileId());
          if (m.crc32c() != u.d().crc32c() || m.size() != u.d().size()) {
            suite.ledger().violation(run, "unanswered upload " + u.fileId() + " stored as " + m);
          } else {
            String group = client.storageAddrs(u.appId(), u.userId()).groupName();
            Ledger.Entry e =
                suite
                    .ledger()
                    .uploaded(
                        new Ledger.Entry(
                            run,
                            u.appId(),
                            u.userId(),
                            u.fileId(),
                            group,
                            u.contentSeed(),
                            u.d(),
                            null,
                            true));
            if (m.status() != FileStatus.ACTIVE) {
              suite
                  .ledger()
                  .violation(run, "unanswered upload " + u.fileId() + " is " + m.status());
              e.state = Ledger.State.DELETED;
            }
            suite.log().event(run, "adopted unanswered upload " + u.fileId() + " (it was stored)");
          }
          break;
        } catch (MediadfsNotFoundException gone) {
          break;
        } catch (IOException x) {
          if (System.nanoTime() - deadline > 0) {
            suite.ledger().violation(run, "cannot settle upload " + u.fileId() + ": " + x);
            break;
          }
          pauseSettling();
        }
      }
    }
  }

  private static void pauseSettling() {
    // Settling runs after the stop signal: a plain bounded wait between retries.
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
  }

  /** Reads a stream to its end into a digest (used by scenarios too). */
  static Content.Digest digestOf(InputStream in) throws IOException {
    Content.DigestStream out = new Content.DigestStream();
    in.transferTo(out);
    return out.digest();
  }
}
