package org.mediadfs.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FileIds;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.Response;

/**
 * A store root that is full — its free space is below the reserved-space limit — in a group of two
 * (the other member has room): uploads to the full node get DISK_FULL before any byte is stored,
 * the client fails over to the other member, and with no member left with room it reports
 * DISK_FULL. Nothing partial stays. The fault ends by restarting the node with a normal reserve.
 *
 * <p>Why the reserve and not a real full disk: a tiny file system needs a mount (a leftover on a
 * crash, and shared CI hosts forbid it), while the reserve is the node's own admission check. The
 * reserve is set above the disk's free space, so the root is full whatever other builds do to the
 * shared disk meanwhile.
 */
@ExtendWith(SuiteExtension.class)
class DiskFullIT {
  @Test
  void aFullRootRefusesWithDiskFullAndTheClientFailsOver(Suite suite) throws Exception {
    Run run = suite.run("store-root-full");
    FaultCluster fc = suite.cluster();
    // The pair starts with the cluster (its start-up overlaps the workload nodes'); d1's reserve is
    // above the disk's free space from its first start on.
    FaultCluster.DiskPair pair = fc.diskPair();
    StorageProcess full = fc.extra(pair.full());
    StorageProcess roomy = fc.extra(pair.roomy());
    run.fault(
        full.name()
            + " runs with a full store root (reserve "
            + pair.fullReserve()
            + " bytes, since it started)");
    fc.awaitAllActive(Run.RECOVERY_BOUND);
    NodeInfo seen =
        fc.local().trackerNodes().stream()
            .filter(i -> i.port() == full.address().port())
            .findFirst()
            .orElseThrow();
    run.note("the tracker sees " + full.name() + " with " + seen.freeBytes() + " free bytes");
    assertThat(seen.freeBytes()).isZero();

    String user = "disk-" + UUID.randomUUID().toString().substring(0, 8);
    fc.pinRoute(Suite.APP, user, FaultCluster.DISK_GROUP);
    try {
      fullPhase(suite, run, full, roomy, user);
    } finally {
      run.fault(
          "end: " + full.name() + " restarted with a normal reserve, " + roomy.name() + " back");
      List<StorageProcess> pairNodes = List.of(full, roomy);
      StorageProcess.stopAll(pairNodes);
      // Both at once: the two start-ups overlap.
      List<StorageProcess> again = new ArrayList<>();
      for (StorageProcess n : pairNodes) {
        again.add(fc.launchExtra(n.name(), FaultCluster.DISK_GROUP, Map.of()));
      }
      again.forEach(StorageProcess::awaitReady);
    }
    run.awaitRecovery("full store root", List.of(FaultCluster.DISK_GROUP));
    StorageProcess d1 = fc.extra(pair.full());
    try (NodeProbe p = NodeProbe.open(d1.address())) {
      long seed = run.random().nextLong();
      String id = FileIds.generate(user);
      assertThat(p.upload(new IdBlock(Suite.APP, user, id), Content.bytes(seed, 200_000)))
          .as("upload to d1 once it has room")
          .isEqualTo(new Response.Ok());
      suite
          .ledger()
          .uploaded(
              run.name(),
              user,
              id,
              FaultCluster.DISK_GROUP,
              seed,
              Content.digest(seed, 0, 200_000),
              d1.address());
    }
    run.finish();
  }

  private static void fullPhase(
      Suite suite, Run run, StorageProcess full, StorageProcess roomy, String user)
      throws Exception {
    try (NodeProbe p = NodeProbe.open(full.address())) {
      Response r =
          p.upload(new IdBlock(Suite.APP, user, FileIds.generate(user)), new byte[200_000]);
      assertThat(r).isInstanceOf(Response.Error.class);
      assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.DISK_FULL);
      run.note("direct upload to " + full.name() + ": " + r);
    }
    MediadfsClient c = suite.client();
    List<Ledger.Entry> stored = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Ledger.Entry e = ControlPlaneIT.upload(run, c, user, 30_000 + i * 70_000);
      assertThat(e.ackedBy.port())
          .as("only %s has room", roomy.name())
          .isEqualTo(roomy.address().port());
      stored.add(e);
    }
    run.note(stored.size() + " client uploads went to " + roomy.name());

    run.fault("stop " + roomy.name() + ": the group has no member with room");
    roomy.stop();
    String fileId = FileIds.generate(user);
    assertThatThrownBy(
            () ->
                c.upload(
                    Suite.APP,
                    user,
                    new byte[50_000],
                    org.mediadfs.client.UploadOptions.DEFAULTS.withFileId(fileId)))
        .isInstanceOfSatisfying(
            MediadfsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL));
    assertThat(DisconnectIT.tmpFiles(full)).as("temporary files on the full node").isEmpty();
    try (NodeProbe p = NodeProbe.open(full.address())) {
      assertThat(p.listAll().stream().filter(m -> m.userId().equals(user)).toList())
          .as("files stored on the full node by its own uploads")
          .allMatch(m -> stored.stream().anyMatch(e -> e.fileId.equals(m.fileId())));
    }
  }
}
