package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.wire.FileIds;

/**
 * One scenario: a seeded workload, the faults it injects (each logged), the recovery bound after
 * each fault, and the invariant check at its end. A run fails if anything it checks does.
 */
final class Run {
  /** Every node ACTIVE and an upload plus a download succeeding within this after a fault ends. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

  private final Suite suite;
  private final String name;
  private final long seed;
  private final SplittableRandom random;
  private Workload workload;

  Run(Suite suite, String name) {
    this.suite = suite;
    this.name = name;
    this.seed = suite.settings().seedFor(name);
    this.random = new SplittableRandom(seed);
    suite.log().event(name, "run starts, seed " + Long.toHexString(seed));
  }

  String name() {
    return name;
  }

  /** The run's own random numbers (derived from the master seed and the run's name). */
  SplittableRandom random() {
    return random;
  }

  Suite suite() {
    return suite;
  }

  /** Starts the workload on every workload user. */
  Workload startWorkload(int workers) {
    return startWorkload(workers, suite.workloadUsers());
  }

  /** Starts the workload on the given users. */
  Workload startWorkload(int workers, List<String> users) {
    if (workload != null) {
      throw new IllegalStateException("a workload already runs: stop it first");
    }
    workload = new Workload(suite, name, random.nextLong(), users, workers, Duration.ofMillis(20));
    return workload.start();
  }

  /** Stops and settles the running workload (a run may start another one after). */
  Workload.Stats stopWorkload() {
    Workload w = workload;
    workload = null;
    return w == null ? new Workload.Stats() : w.stop();
  }

  /**
   * Waits until every member holds every acknowledged file (and every delete): the group is in
   * step, the starting point of a fault that destroys a member's copy.
   */
  void awaitConverged() {
    Invariants.check(suite, name, e -> false);
  }

  /** Nodes restarted in this run, with the epoch second of their restart. */
  private final java.util.Map<org.mediadfs.testkit.StorageProcess, Long> restarted =
      new java.util.LinkedHashMap<>();

  /** Restarts a node (same port and data) and remembers to wait for its new join. */
  void restart(org.mediadfs.testkit.StorageProcess n) {
    long since = System.currentTimeMillis() / 1000;
    n.start();
    restarted.put(n, since);
    fault(n.name() + " restarted");
  }

  /**
   * Starts a node again (same port and data) without waiting for it, and remembers to wait for its
   * new join; the caller waits for its port ({@code awaitReady}) when it is done watching it start.
   */
  void relaunch(org.mediadfs.testkit.StorageProcess n) {
    long since = System.currentTimeMillis() / 1000;
    n.launch();
    restarted.put(n, since);
    fault(n.name() + " restarting");
  }

  /**
   * Holds a fault for {@code d} (the outage's length; the workload keeps running meanwhile). A
   * deliberate duration, not a synchronisation.
   */
  void hold(Duration d) {
    note("holding the fault for " + d.toMillis() + " ms");
    try {
      new java.util.concurrent.CountDownLatch(1)
          .await(d.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Logs an injected fault. */
  void fault(String text) {
    suite.log().event(name, "FAULT " + text);
  }

  /** Logs what the scenario observed. */
  void note(String text) {
    suite.log().event(name, text);
  }

  /**
   * The recovery bound after a fault ended: within {@link #RECOVERY_BOUND} every running node is
   * ACTIVE and, in each of {@code groups}, an upload and a download (by the probe user) succeed.
   * The uploaded probe files join the ledger.
   *
   * @return how long recovery took
   */
  Duration awaitRecovery(String fault, List<String> groups) {
    long t0 = System.nanoTime();
    long deadline = t0 + RECOVERY_BOUND.toNanos();
    try {
      restarted.forEach((n, since) -> suite.cluster().awaitRejoined(n, since, RECOVERY_BOUND));
      restarted.clear();
      suite.cluster().awaitAllActive(RECOVERY_BOUND);
    } catch (AssertionError e) {
      suite.ledger().violation(name, "not every node ACTIVE " + RECOVERY_BOUND + " after " + fault);
      throw e;
    }
    for (String g : groups) {
      probe(g, deadline, fault);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    suite.log().event(name, "recovered from " + fault + " in " + took.toMillis() + " ms");
    suite.survived(fault + " (recovered in " + took.toMillis() + " ms)");
    return took;
  }

  /** Every workload group. */
  Duration awaitRecovery(String fault) {
    return awaitRecovery(fault, FaultCluster.workloadGroups());
  }

  private void probe(String group, long deadline, String fault) {
    String user = suite.probeUser(group);
    MediadfsClient c = suite.client();
    IOException last = null;
    while (System.nanoTime() - deadline < 0) {
      long contentSeed = random.nextLong();
      int size = 4096 + random.nextInt(60_000);
      Content.Digest d = Content.digest(contentSeed, 0, size);
      String fileId = FileIds.generate(user);
      try {
        suite.ledger().unknown(new Ledger.Unknown(name, Suite.APP, user, fileId, contentSeed, d));
        UploadResult r =
            c.upload(
                Suite.APP,
                user,
                Content.bytes(contentSeed, size),
                UploadOptions.DEFAULTS.withFileId(fileId));
        suite.ledger().answered(fileId);
        suite.ledger().uploaded(name, user, fileId, r.groupName(), contentSeed, d, r.node());
        Content.DigestStream out = new Content.DigestStream();
        c.download(Suite.APP, user, fileId, out);
        assertThat(out.digest()).as("probe download after %s", fault).isEqualTo(d);
        return;
      } catch (IOException e) {
        last = e;
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
      }
    }
    suite
        .ledger()
        .violation(
            name,
            "no upload+download in "
                + group
                + " within "
                + RECOVERY_BOUND
                + " after "
                + fault
                + ": "
                + last);
    throw new AssertionError("recovery bound broken after " + fault, last);
  }

  /**
   * Ends the run: stops and settles the workload, checks the invariant (this run's files in full,
   * plus a sample of older ones; every other file by STAT), and fails on any violation of the run.
   */
  void finish() {
    stopWorkload();
    List<Ledger.Entry> older =
        suite.ledger().all().stream().filter(e -> !e.run.equals(name)).toList();
    java.util.Set<String> sample = new java.util.HashSet<>();
    for (int i = 0; i < Math.min(25, older.size()); i++) {
      sample.add(older.get(random.nextInt(older.size())).fileId);
    }
    Predicate<Ledger.Entry> full = e -> e.run.equals(name) || sample.contains(e.fileId);
    Invariants.check(suite, name, full);
    List<String> v = suite.ledger().violations(name);
    suite.log().event(name, "run ends: " + v.size() + " violation(s)");
    assertThat(v).as("violations of run %s (seed %s)", name, suite.settings().seedText()).isEmpty();
  }

  /** The workload of this run, if started. */
  Workload workload() {
    return workload;
  }
}
