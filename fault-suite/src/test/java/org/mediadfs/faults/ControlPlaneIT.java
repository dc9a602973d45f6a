package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.testkit.PausableProxy;
import org.mediadfs.testkit.PayaraMicro;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Faults of what the storage nodes depend on, with the workload running: the Payara process
 * (tracker and ID server together, so every tracker) killed and restarted, the private Redis
 * stopped and restarted or frozen, the database unreachable (hung, then cut) through its proxy.
 */
@ExtendWith(SuiteExtension.class)
class ControlPlaneIT {
  private static final String ID_KEY = "faults-id-check";

  @Test
  void everyTrackerAndTheIdServerDownThenRestarted(Suite suite) throws Exception {
    Run run = suite.run("payara-killed-and-restarted");
    PayaraMicro payara = suite.cluster().local().payara();
    List<Long> ids = new ArrayList<>(takeIds(payara.idServer(), 50));
    run.startWorkload(suite.settings().workers());
    run.fault("kill -9 Payara Micro (tracker + ID server): no tracker, no ID server");
    payara.kill();
    Workload.Stats before = snapshot(run);
    run.hold(suite.settings().pick(Duration.ofSeconds(3), Duration.ofSeconds(30)));
    run.note("while down: " + delta(before, run));
    long t0 = System.nanoTime();
    payara.restart();
    run.fault(
        "Payara Micro restarted (took "
            + Duration.ofNanos(System.nanoTime() - t0).toMillis()
            + " ms to answer)");
    ids.addAll(takeIds(payara.idServer(), 50));
    Set<Long> distinct = new HashSet<>(ids);
    assertThat(distinct).as("IDs before and after the restart").hasSize(ids.size());
    assertThat(ids.get(50)).as("first ID after the restart").isGreaterThan(ids.get(49));
    run.awaitRecovery("kill -9 and restart of Payara (every tracker and the ID server)");
    run.finish();
  }

  @Test
  void redisStoppedAndRestarted(Suite suite) throws Exception {
    Run run = suite.run("redis-stopped-and-restarted");
    RedisServer redis = suite.cluster().redis();
    run.startWorkload(suite.settings().workers());
    run.fault("redis-server stopped (" + redis.address() + ")");
    redis.stop();
    Workload.Stats before = snapshot(run);
    run.hold(suite.settings().pick(Duration.ofSeconds(4), Duration.ofSeconds(30)));
    run.note("while Redis was down: " + delta(before, run));
    redis.start();
    run.fault("redis-server started again, empty");
    run.awaitRecovery("Redis stopped and restarted");
    run.finish();
  }

  @Test
  void databaseHungThenCut(Suite suite) throws Exception {
    Run run = suite.run("database-unreachable");
    PausableProxy db = suite.cluster().db().proxy();
    run.startWorkload(suite.settings().workers());
    run.fault("database hangs (proxy paused: connections open, no bytes)");
    db.pause();
    Workload.Stats before = snapshot(run);
    try {
      run.hold(suite.settings().pick(Duration.ofSeconds(4), Duration.ofSeconds(30)));
    } finally {
      db.resume();
    }
    run.note("while the database hung: " + delta(before, run));
    run.fault("database answers again");
    run.awaitRecovery("database hung");
    run.fault("database unreachable (proxy cut: connections closed, new ones refused)");
    db.cut();
    before = snapshot(run);
    try {
      run.hold(suite.settings().pick(Duration.ofSeconds(3), Duration.ofSeconds(30)));
    } finally {
      db.resume();
    }
    run.note("while the database was unreachable: " + delta(before, run));
    run.fault("database reachable again");
    run.awaitRecovery("database unreachable");
    run.finish();
  }

  static IdBlock ids(Ledger.Entry e) {
    return new IdBlock(e.appId, e.userId, e.fileId);
  }

  static Ledger.Entry upload(Run run, MediadfsClient c, String user, int size) throws IOException {
    long seed = run.random().nextLong();
    String fileId = FileIds.generate(user);
    Content.Digest d = Content.digest(seed, 0, size);
    UploadResult r =
        c.upload(
            Suite.APP, user, Content.bytes(seed, size), UploadOptions.DEFAULTS.withFileId(fileId));
    return run.suite()
        .ledger()
        .uploaded(run.name(), user, fileId, r.groupName(), seed, d, r.node());
  }

  /** IDs straight from the ID server (the key is the suite's own, no node uses it). */
  static List<Long> takeIds(HostPort idServer, int n) throws IOException, ErrorReplyException {
    List<Long> out = new ArrayList<>();
    try (WireConnection c =
        WireConnection.open(
            idServer, Duration.ofSeconds(5), Duration.ofSeconds(30), Limits.DEFAULT)) {
      for (int i = 0; i < n; i++) {
        out.add(c.expect(new Request.IdGet(ID_KEY), Response.IdValue.class).id());
      }
    }
    return out;
  }

  private static Workload.Stats snapshot(Run run) {
    Workload.Stats s = new Workload.Stats();
    s.add(run.workload().stats());
    return s;
  }

  private static String delta(Workload.Stats before, Run run) {
    Workload.Stats now = snapshot(run);
    long ok = now.totalOk() - before.totalOk();
    long failed = (now.total() - now.totalOk()) - (before.total() - before.totalOk());
    return ok + " operations succeeded, " + failed + " failed";
  }
}
