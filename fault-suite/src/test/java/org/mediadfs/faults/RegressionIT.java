package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.PausableProxy;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * One test per bug the suite found, named after the bug, each reproducing the conditions that
 * exposed it (see README.md, "Bugs found").
 */
@ExtendWith(SuiteExtension.class)
class RegressionIT {
  /**
   * The database connection broke after a commit reached MariaDB but before its reply: the metadata
   * writer reset its log sequence and reused numbers the database already held, so every later
   * commit of the node failed on the log's primary key (the node stayed ACTIVE and refused every
   * upload). Reproduced by cutting the database proxy under a stream of small uploads to every
   * member; afterwards every node must commit again.
   */
  @Test
  void lostCommitReplyWedgedTheMetadataWriter(Suite suite) throws Exception {
    Run run = suite.run("regression-lost-commit-reply");
    PausableProxy db = suite.cluster().db().proxy();
    List<StorageProcess> nodes =
        suite.cluster().nodes().stream()
            .filter(n -> FaultCluster.workloadGroups().contains(n.group()))
            .toList();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong acked = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (StorageProcess n : nodes) {
      for (int t = 0; t < 4; t++) {
        String user = suite.probeUser(n.group());
        long seed = run.random().nextLong();
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
                      while (!stop.get()) {
                        try (NodeProbe p = NodeProbe.open(n.address())) {
                          while (!stop.get()) {
                            if (uploadOne(run, p, n, user, r.nextLong())) {
                              acked.incrementAndGet();
                            }
                          }
                        } catch (IOException e) {
                          // The node refused or the connection broke while the database was cut.
                        }
                      }
                    }));
      }
    }
    try {
      for (int i = 0; i < 6; i++) {
        run.hold(Duration.ofMillis(400));
        run.fault("database connections cut (" + (i + 1) + "/6) under " + acked.get() + " commits");
        db.cut();
        run.hold(Duration.ofMillis(300));
        db.resume();
      }
    } finally {
      db.resume();
      stop.set(true);
      for (Thread t : writers) {
        t.join(Duration.ofMinutes(1));
      }
    }
    for (StorageProcess n : nodes) {
      Await.until(
          Duration.ofSeconds(30),
          n.name() + " commits uploads again after the database cuts",
          () -> {
            try (NodeProbe p = NodeProbe.open(n.address())) {
              for (int i = 0; i < 3; i++) {
                if (!uploadOne(run, p, n, suite.probeUser(n.group()), run.random().nextLong())) {
                  return false;
                }
              }
              return true;
            }
          });
    }
    run.awaitRecovery("database connections cut under load");
    run.finish();
  }

  /**
   * The database connection broke while a node committed an upload, and the node's look-up of the
   * row failed too (the database was still unreachable): the node deleted the file and answered
   * UNAVAILABLE, but the commit had reached MariaDB. The client retried on the other member, which
   * acknowledged it; replication then chose the first member's version (created earlier) whose
   * bytes were gone, and the acknowledged copy was quarantined — the file was unreadable on both
   * members (found by the CI run of ControlPlaneIT, seed 0x6a98bfa6f104a3fa). Reproduced by cutting
   * the database under the workload's uploads (client with failover) again and again; the invariant
   * then reads every acknowledged file back from every member.
   */
  @Test
  void ambiguousCommitFailureDeletedACommittedFile(Suite suite) throws Exception {
    Run run = suite.run("regression-ambiguous-commit");
    PausableProxy db = suite.cluster().db().proxy();
    run.startWorkload(suite.settings().workers());
    try {
      for (int i = 0; i < 8; i++) {
        run.hold(Duration.ofMillis(500));
        run.fault("database connections cut (" + (i + 1) + "/8) under the workload");
        db.cut();
        run.hold(Duration.ofMillis(250));
        db.resume();
      }
    } finally {
      db.resume();
    }
    run.awaitRecovery("database connections cut under client uploads");
    run.finish();
  }

  /**
   * With Redis stopped, every lookup waited for Redisson's timeouts before it fell back to the
   * database (the workload did a handful of operations in 6 s). A cache that is down must cost
   * little: route lookups at the tracker and file lookups at a node stay fast.
   */
  @Test
  void redisOutageStalledEveryLookupOnRedisTimeouts(Suite suite) throws Exception {
    Run run = suite.run("regression-redis-outage-latency");
    RedisServer redis = suite.cluster().redis();
    StorageProcess node = suite.cluster().members("group002").getFirst();
    String user = suite.probeUser("group002");
    Ledger.Entry file = ControlPlaneIT.upload(run, suite.client(), user, 5000);
    IdBlock ids = new IdBlock(file.appId, file.userId, file.fileId);
    run.fault("redis-server stopped");
    redis.stop();
    List<Long> tracker = new ArrayList<>();
    List<Long> storage = new ArrayList<>();
    try (WireConnection t =
            WireConnection.open(
                suite.cluster().local().tracker(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                Limits.DEFAULT);
        NodeProbe p = NodeProbe.open(node.address())) {
      for (int i = 0; i < 8; i++) {
        long t0 = System.nanoTime();
        t.expect(new Request.StorageAddrs(ids), Response.StorageAddrs.class);
        tracker.add((System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        assertThat(p.fileSize(ids)).isEqualTo(new Response.FileSize(file.size()));
        storage.add((System.nanoTime() - t0) / 1_000_000);
      }
    } finally {
      redis.start();
      run.fault("redis-server started again");
    }
    Collections.sort(tracker);
    Collections.sort(storage);
    String figures =
        "tracker STORAGE_ADDRS median "
            + tracker.get(tracker.size() / 2)
            + " ms (max "
            + tracker.getLast()
            + "), node FILE_SIZE median "
            + storage.get(storage.size() / 2)
            + " ms (max "
            + storage.getLast()
            + ")";
    suite.figure("lookups while Redis is down", figures);
    assertThat(tracker.get(tracker.size() / 2)).as(figures).isLessThan(250);
    assertThat(storage.get(storage.size() / 2)).as(figures).isLessThan(250);
    run.awaitRecovery("Redis stopped");
    run.finish();
  }

  /**
   * Redis hung (SIGSTOP) while files were deleted: the nodes' cache invalidations timed out and
   * were dropped, and once Redis answered again its old entries were served — deleted files read as
   * active for up to the cache TTL (60 s). A frozen Redis keeps its connections and its entries.
   */
  @Test
  void invalidationLostWhileRedisHungServedADeletedFile(Suite suite) throws Exception {
    Run run = suite.run("regression-redis-frozen");
    RedisServer redis = suite.cluster().redis();
    MediadfsClient c = suite.client();
    List<Ledger.Entry> files = new ArrayList<>();
    for (String g : FaultCluster.workloadGroups()) {
      for (int i = 0; i < 3; i++) {
        Ledger.Entry e = ControlPlaneIT.upload(run, c, suite.probeUser(g), 2000 + i);
        files.add(e);
        ReplicationFaultIT.awaitOnAll(suite, e);
      }
    }
    // Every member caches the ACTIVE rows.
    for (Ledger.Entry e : files) {
      for (StorageProcess m : suite.cluster().members(e.group)) {
        try (NodeProbe p = NodeProbe.open(m.address())) {
          assertThat(p.fileSize(ControlPlaneIT.ids(e))).isEqualTo(new Response.FileSize(e.size()));
        }
      }
    }
    run.fault("redis-server frozen (SIGSTOP)");
    redis.freeze();
    try {
      for (Ledger.Entry e : files) {
        c.delete(e.appId, e.userId, e.fileId);
        suite.ledger().deleted(e);
      }
      run.note(files.size() + " deletes acknowledged while Redis is frozen");
    } finally {
      redis.thaw();
      run.fault("redis-server thawed (SIGCONT), with its old entries");
    }
    // Replication carries each delete to the other member within moments; a stale cache entry
    // would live for the whole TTL.
    for (Ledger.Entry e : files) {
      for (StorageProcess m : suite.cluster().members(e.group)) {
        Await.until(
            Duration.ofSeconds(20),
            m.name() + " answers DELETED for " + e.fileId + " after Redis thawed",
            () -> {
              try (NodeProbe p = NodeProbe.open(m.address())) {
                return p.fileSize(ControlPlaneIT.ids(e)) instanceof Response.Error err
                    && err.code() == ErrorCode.DELETED;
              }
            });
      }
    }
    run.awaitRecovery("Redis frozen and thawed");
    run.finish();
  }

  /**
   * Async replication: a client deleted a file on one member and at once restored it on the other,
   * which had not pulled the delete yet. That member answered the restore as a no-op (the file was
   * active there), then applied the older delete: the acknowledged restore was lost and the group
   * settled on DELETED. The reverse (restore, then delete on the member still holding the delete)
   * refused the delete. A client change must apply to the group's latest state.
   */
  @Test
  void restoreOnAMemberThatHadNotSeenTheDeleteWasLost(Suite suite) throws Exception {
    Run run = suite.run("regression-stale-transition");
    List<StorageProcess> g = suite.cluster().members("group001");
    StorageProcess a = g.get(0);
    StorageProcess b = g.get(1);
    String user = suite.probeUser("group001");
    List<Ledger.Entry> files = new ArrayList<>();
    try (NodeProbe pa = NodeProbe.open(a.address())) {
      for (int i = 0; i < 10; i++) {
        files.add(ReplicationFaultIT.direct(run, pa, a, user, "group001", 3000 + i));
      }
    }
    for (Ledger.Entry e : files) {
      ReplicationFaultIT.awaitOnAll(suite, e);
    }
    List<String> refused = new ArrayList<>();
    run.fault("delete on " + a.name() + ", restore at once on " + b.name() + " (10 files)");
    try (NodeProbe pa = NodeProbe.open(a.address());
        NodeProbe pb = NodeProbe.open(b.address())) {
      for (Ledger.Entry e : files) {
        assertThat(pa.call(new Request.Delete(ControlPlaneIT.ids(e)))).isEqualTo(new Response.Ok());
        suite.ledger().deleted(e);
        Response r = pb.call(new Request.Restore(ControlPlaneIT.ids(e)));
        if (r instanceof Response.Ok) {
          suite.ledger().restored(e);
        } else {
          refused.add("restore of " + e.fileId + " on " + b.name() + ": " + r);
        }
      }
      run.fault("restore on " + a.name() + ", delete at once on " + b.name() + " (5 files)");
      for (Ledger.Entry e : files.subList(0, 5)) {
        pb.call(new Request.Delete(ControlPlaneIT.ids(e)));
        suite.ledger().deleted(e);
        assertThat(pa.call(new Request.Restore(ControlPlaneIT.ids(e))))
            .isEqualTo(new Response.Ok());
        suite.ledger().restored(e);
        Response r = pb.call(new Request.Delete(ControlPlaneIT.ids(e)));
        if (r instanceof Response.Ok) {
          suite.ledger().deleted(e);
        } else {
          refused.add("delete of active " + e.fileId + " on " + b.name() + ": " + r);
        }
      }
    }
    assertThat(refused)
        .as("changes refused by a member that had not seen the latest one")
        .isEmpty();
    run.awaitRecovery("changes sent to both members in turn", List.of("group001"));
    run.finish();
  }

  /**
   * A member asked for a file it lacks, while the only peer that had it was OFFLINE at the tracker,
   * answered NOT_FOUND: "no such file" for an acknowledged upload, a final answer the client never
   * retries. With every peer offline the member cannot know; it must say NOT_HERE_YET.
   */
  @Test
  void readRepairAnsweredNotFoundWhileThePeerWasOffline(Suite suite) throws Exception {
    withOnlyHolderKilled(
        suite,
        "regression-not-found-peer-offline",
        7000,
        (run, s2, e, awaitHolderOffline) -> {
          awaitHolderOffline.run();
          // s2 learns the member list from its next heartbeat.
          Await.until(
              Duration.ofSeconds(10),
              s2.name() + " answering for " + e.fileId,
              () -> {
                try (NodeProbe p = NodeProbe.open(s2.address())) {
                  Response r = p.fileSize(ControlPlaneIT.ids(e));
                  if (r instanceof Response.Error err && err.code() == ErrorCode.NOT_FOUND) {
                    suite
                        .ledger()
                        .violation(
                            run.name(),
                            s2.name()
                                + " answered NOT_FOUND for acknowledged "
                                + e.fileId
                                + ": "
                                + r);
                    return true;
                  }
                  return r instanceof Response.Error err2 && err2.code() == ErrorCode.NOT_HERE_YET;
                }
              });
        });
  }

  /**
   * A DELETE or RESTORE sent to a member that had not copied a file yet, while the member that
   * acknowledged it was down (killed, then OFFLINE at the tracker), answered NOT_FOUND — final for
   * a file that exists — while a read in the same state answered NOT_HERE_YET. It must say
   * NOT_HERE_YET too (the client retries; the change applies once the holder is back).
   */
  @Test
  void deleteAnsweredNotFoundWhileTheOnlyHolderWasDown(Suite suite) throws Exception {
    List<String> wrong = new ArrayList<>();
    withOnlyHolderKilled(
        suite,
        "regression-delete-holder-down",
        5000,
        (run, s2, e, awaitHolderOffline) -> {
          IdBlock ids = ControlPlaneIT.ids(e);
          // Unreachable but still listed ACTIVE, then OFFLINE: neither may give NOT_FOUND.
          changesAt(s2, ids, wrong, "holder unreachable");
          awaitHolderOffline.run();
          Await.until(
              Duration.ofSeconds(10),
              s2.name() + " knowing its peer is OFFLINE",
              () -> {
                try (NodeProbe p = NodeProbe.open(s2.address())) {
                  return p.fileSize(ids) instanceof Response.Error err
                      && err.code() == ErrorCode.NOT_HERE_YET;
                }
              });
          changesAt(s2, ids, wrong, "holder OFFLINE");
          for (String w : wrong) {
            suite.ledger().violation(run.name(), w);
          }
        });
    assertThat(wrong).as("changes of an acknowledged file answered as final refusals").isEmpty();
  }

  /**
   * A client lost the answer to an upload (its node was killed after the commit) and sent it again,
   * same ID and same bytes, to the other member, which then acknowledged a delete of it (seen in
   * {@code kill-storage-during-download}, seed {@code 0x951e3e1807d070b9}). When the first member
   * came back, the two copies were taken for two versions of the file; the older, never
   * acknowledged one won the conflict, and the acknowledged delete was undone on both members. They
   * are one upload: the delete must hold everywhere.
   */
  @Test
  void failoverRetryOfAnUploadUndidItsDelete(Suite suite) throws Exception {
    withOnlyHolderKilled(
        suite,
        "regression-retried-upload-delete",
        4000,
        (run, s2, e, awaitHolderOffline) -> {
          IdBlock ids = ControlPlaneIT.ids(e);
          try (NodeProbe p = NodeProbe.open(s2.address())) {
            assertThat(p.upload(ids, Content.bytes(e.contentSeed, (int) e.size())))
                .as("the retried upload at %s", s2.name())
                .isEqualTo(new Response.Ok());
            assertThat(p.call(new Request.Delete(ids)))
                .as("the delete at %s", s2.name())
                .isEqualTo(new Response.Ok());
          }
          suite.ledger().deleted(e);
          run.note("retried " + e.fileId + " at " + s2.name() + " and deleted it there");
        });
  }

  /**
   * A member that had just restarted and joined answered NOT_FOUND for an acknowledged file it
   * lacked (uploaded to its peer while it was down): it served requests before its replication
   * supervisor had met the peers the tracker listed, and "no peer" read as "nobody has it". It must
   * fetch the file from the peer (or say NOT_HERE_YET while it cannot).
   */
  @Test
  void readRepairAnsweredNotFoundRightAfterARestart(Suite suite) throws Exception {
    Run run = suite.run("regression-not-found-after-restart");
    FaultCluster fc = suite.cluster();
    fc.awaitAllActive(Run.RECOVERY_BOUND);
    StorageProcess s1 = fc.extra("s1");
    StorageProcess s2 = fc.extra("s2");
    String user = suite.probeUser(FaultCluster.SLOW_GROUP);
    run.fault("kill -9 " + s2.name());
    s2.kill();
    Ledger.Entry e;
    try (NodeProbe p = NodeProbe.open(s1.address())) {
      e = ReplicationFaultIT.direct(run, p, s1, user, FaultCluster.SLOW_GROUP, 3000);
    }
    IdBlock ids = ControlPlaneIT.ids(e);
    run.relaunch(s2);
    List<String> answers = new ArrayList<>();
    // From its first accepted connection until it serves the file, asked every 5 ms (the window
    // between its join and the supervisor's first look at the members was up to 250 ms).
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    boolean served = false;
    while (!served && System.nanoTime() < deadline) {
      try (NodeProbe p = NodeProbe.open(s2.address())) {
        Response r = p.fileSize(ids);
        if (r instanceof Response.Error err && err.code() == ErrorCode.NOT_FOUND) {
          answers.add(r.toString());
        }
        served = r instanceof Response.FileSize;
      } catch (IOException notListeningYet) {
        // the JVM is still starting
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    assertThat(served).as("%s served %s within 60 s of its restart", s2.name(), e.fileId).isTrue();
    s2.awaitReady();
    for (String a : answers) {
      suite.ledger().violation(run.name(), s2.name() + " answered " + a + " for " + e.fileId);
    }
    assertThat(answers).as("NOT_FOUND answers for an acknowledged file").isEmpty();
    run.awaitRecovery("a member restarted", List.of(FaultCluster.SLOW_GROUP));
    run.finish();
  }

  /** What a test checks while the only holder of a file is down. */
  @FunctionalInterface
  private interface HolderDown {
    void check(Run run, StorageProcess s2, Ledger.Entry e, Step awaitHolderOffline)
        throws Exception;
  }

  /** A step that may fail. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /**
   * The slow pair's s2 cut off from s1, a file acknowledged by s1 alone, s1 killed; runs the check
   * in that state, then puts everything back and waits for recovery.
   */
  private static void withOnlyHolderKilled(Suite suite, String name, int size, HolderDown check)
      throws Exception {
    Run run = suite.run(name);
    FaultCluster fc = suite.cluster();
    FaultCluster.SlowPair pair = fc.slowPair();
    fc.awaitAllActive(Run.RECOVERY_BOUND);
    StorageProcess s1 = fc.extra("s1");
    StorageProcess s2 = fc.extra("s2");
    String user = suite.probeUser(FaultCluster.SLOW_GROUP);
    run.fault("s2 cut off from s1 (proxy cut)");
    pair.proxy().cut();
    try {
      Ledger.Entry e;
      try (NodeProbe p = NodeProbe.open(s1.address())) {
        e = ReplicationFaultIT.direct(run, p, s1, user, FaultCluster.SLOW_GROUP, size);
      }
      run.fault("kill -9 " + s1.name() + " before its peer could copy " + e.fileId);
      s1.kill();
      check.check(
          run,
          s2,
          e,
          () ->
              Await.until(
                  Duration.ofSeconds(30),
                  s1.name() + " OFFLINE at the tracker",
                  () ->
                      fc.statusByPort().get(s1.address().port())
                          == org.mediadfs.wire.message.NodeStatus.OFFLINE));
    } finally {
      pair.proxy().resume();
    }
    run.restart(s1);
    run.awaitRecovery("the only holder of a file down", List.of(FaultCluster.SLOW_GROUP));
    run.finish();
  }

  /** DELETE and RESTORE at a member lacking the file: anything but a retryable answer is wrong. */
  private static void changesAt(StorageProcess node, IdBlock ids, List<String> wrong, String when)
      throws IOException {
    try (NodeProbe p = NodeProbe.open(node.address())) {
      for (Request r : List.<Request>of(new Request.Delete(ids), new Request.Restore(ids))) {
        Response answer = p.call(r);
        if (!(answer instanceof Response.Error err && err.code() == ErrorCode.NOT_HERE_YET)) {
          wrong.add(
              node.name()
                  + " ("
                  + when
                  + ") answered "
                  + r.getClass().getSimpleName()
                  + " of "
                  + ids.fileId()
                  + " with "
                  + answer);
        }
      }
    }
  }

  /**
   * The metadata writer keeps one database connection for all its batches. When the database
   * dropped it while the node was idle (a restart, a network cut, MySQL's wait_timeout), the next
   * upload failed on it with UNAVAILABLE. An idle connection must be checked before it is used.
   */
  @Test
  void idleWriterConnectionFailedTheNextUpload(Suite suite) throws Exception {
    Run run = suite.run("regression-idle-writer-connection");
    List<StorageProcess> nodes =
        suite.cluster().nodes().stream()
            .filter(n -> FaultCluster.workloadGroups().contains(n.group()))
            .toList();
    for (StorageProcess n : nodes) {
      try (NodeProbe p = NodeProbe.open(n.address())) {
        assertThat(uploadOne(run, p, n, suite.probeUser(n.group()), run.random().nextLong()))
            .as("upload to %s before the cut", n.name())
            .isTrue();
      }
    }
    run.fault("every database connection closed while the nodes are idle");
    suite.cluster().db().proxy().cut();
    suite.cluster().db().proxy().resume();
    run.hold(Duration.ofMillis(1500));
    List<String> failed = new ArrayList<>();
    for (StorageProcess n : nodes) {
      try (NodeProbe p = NodeProbe.open(n.address())) {
        if (!uploadOne(run, p, n, suite.probeUser(n.group()), run.random().nextLong())) {
          failed.add(n.name());
        }
      }
    }
    assertThat(failed).as("nodes whose first upload after the cut failed").isEmpty();
    run.awaitRecovery("database connections closed while idle");
    run.finish();
  }

  /** One original upload straight to a node; true when acknowledged (and recorded). */
  static boolean uploadOne(Run run, NodeProbe p, StorageProcess n, String user, long seed)
      throws IOException {
    int size = 1000 + (int) Math.floorMod(seed, 20_000);
    String id = FileIds.generate(user);
    Response r = p.upload(new IdBlock(Suite.APP, user, id), Content.bytes(seed, size));
    if (!(r instanceof Response.Ok)) {
      return false;
    }
    run.suite()
        .ledger()
        .uploaded(
            run.name(), user, id, n.group(), seed, Content.digest(seed, 0, size), n.address());
    return true;
  }
}
