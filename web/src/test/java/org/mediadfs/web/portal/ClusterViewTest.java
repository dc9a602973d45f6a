package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

class ClusterViewTest {
  private static final Instant NOW = Instant.parse("2025-11-26T15:00:00Z");

  private static NodeInfo node(
      String group, String id, int port, NodeStatus status, long free, List<PeerLag> lags) {
    return node(group, id, "0.1.0", port, status, free, lags);
  }

  private static NodeInfo node(
      String group,
      String id,
      String version,
      int port,
      NodeStatus status,
      long free,
      List<PeerLag> lags) {
    return new NodeInfo(
        group,
        id,
        version,
        "box",
        "127.0.0.1",
        port,
        status,
        NOW.getEpochSecond() - 600,
        NOW.getEpochSecond() - 500,
        NOW.getEpochSecond() - 4,
        10,
        List.of(new RootStat("s-" + id, 1000L << 20, free, false)),
        new Load(3, 2048, 4096),
        lags);
  }

  @Test
  void groupsAreSortedWithActiveNodesFirstAndTotalsAdded() {
    ClusterView v =
        ClusterView.of(
            List.of("group001", "group002"),
            List.of(
                node("group002", "c", 23002, NodeStatus.ACTIVE, 100L << 20, List.of()),
                node(
                    "group001",
                    "b",
                    23001,
                    NodeStatus.SYNCING,
                    250L << 20,
                    List.of(new PeerLag("a", 12, 3L << 20))),
                node("group001", "a", 23000, NodeStatus.ACTIVE, 500L << 20, List.of())),
            NOW);
    assertThat(v.groups())
        .extracting(ClusterView.Group::name)
        .containsExactly("group001", "group002");
    assertThat(v.nodes()).isEqualTo(3);
    assertThat(v.active()).isEqualTo(2);
    assertThat(v.free()).isEqualTo("600.0 MiB");

    ClusterView.Group g1 = v.groups().getFirst();
    assertThat(g1.healthy()).isFalse();
    assertThat(g1.active()).isEqualTo(1);
    assertThat(g1.free()).isEqualTo("500.0 MiB");
    assertThat(g1.nodes()).extracting(ClusterView.Node::nodeId).containsExactly("a", "b");
    ClusterView.Node syncing = g1.nodes().get(1);
    assertThat(syncing.status()).isEqualTo("SYNCING");
    assertThat(syncing.statusClass()).isEqualTo("warn");
    assertThat(syncing.lagging()).isTrue();
    assertThat(syncing.lagEntries()).isEqualTo(12);
    assertThat(syncing.lagBytes()).isEqualTo("3.0 MiB");
    assertThat(syncing.usedPercent()).isEqualTo(75);
    assertThat(syncing.address()).isEqualTo("127.0.0.1:23001");
    assertThat(syncing.lastBeat()).isEqualTo("4 s ago");
    assertThat(syncing.rateIn()).isEqualTo("2.0 KiB/s");
    assertThat(v.groups().get(1).healthy()).isTrue();
  }

  @Test
  void everyStateHasAClass() {
    assertThat(ClusterView.statusClass(NodeStatus.ACTIVE)).isEqualTo("ok");
    assertThat(ClusterView.statusClass(NodeStatus.OFFLINE)).isEqualTo("bad");
    assertThat(ClusterView.statusClass(NodeStatus.DRAINING)).isEqualTo("warn");
  }

  @Test
  void aGroupHasTheFreeSpaceOfItsFullestActiveMemberAndTheClusterTheSumOfItsGroups() {
    ClusterView v =
        ClusterView.of(
            List.of("group001", "group002"),
            List.of(
                node("group001", "a", 23000, NodeStatus.ACTIVE, 76L << 30, List.of()),
                node("group001", "b", 23001, NodeStatus.ACTIVE, 77L << 30, List.of()),
                node("group001", "c", 23002, NodeStatus.OFFLINE, 1L << 30, List.of()),
                node("group002", "d", 23003, NodeStatus.ACTIVE, 70L << 30, List.of()),
                node("group002", "e", 23004, NodeStatus.ACTIVE, 71L << 30, List.of())),
            NOW);
    assertThat(v.groups())
        .extracting(ClusterView.Group::free)
        .containsExactly("76.0 GiB", "70.0 GiB");
    assertThat(v.free()).isEqualTo("146.0 GiB");
  }

  @Test
  void aGroupWithoutAnActiveMemberThatReportedHasNoFreeSpace() {
    NodeInfo silent =
        new NodeInfo(
            "group001",
            "s",
            "0.1.0",
            "box",
            "127.0.0.1",
            23000,
            NodeStatus.ACTIVE,
            0,
            0,
            0,
            10,
            List.of(),
            new Load(0, 0, 0),
            List.of());
    assertThat(
            NodeInfo.groupFreeBytes(
                List.of(
                    silent, node("group001", "o", 23001, NodeStatus.SYNCING, 5L << 30, List.of()))))
        .isZero();
  }

  @Test
  void aRegisteredGroupWithoutNodesIsShownInNameOrder() {
    ClusterView v =
        ClusterView.of(
            List.of("group001", "group003"),
            List.of(node("group001", "a", 23000, NodeStatus.ACTIVE, 10L << 20, List.of())),
            NOW);
    assertThat(v.groups())
        .extracting(ClusterView.Group::name)
        .containsExactly("group001", "group003");
    ClusterView.Group empty = v.groups().get(1);
    assertThat(empty.nodes()).isEmpty();
    assertThat(empty.healthy()).isFalse();
    assertThat(empty.free()).isEqualTo("0 B");
    assertThat(v.nodes()).isEqualTo(1);
  }

  @Test
  void aVersionNumberIsShownWithAVAndABuildNameAsItIs() {
    assertThat(
            ClusterView.node(node("g", "a", "0.1.0", 1, NodeStatus.ACTIVE, 0, List.of()), NOW)
                .version())
        .isEqualTo("v0.1.0");
    assertThat(
            ClusterView.node(node("g", "a", "mediadfs-1", 1, NodeStatus.ACTIVE, 0, List.of()), NOW)
                .version())
        .isEqualTo("mediadfs-1");
  }

  @Test
  void anEmptyClusterHasNoGroups() {
    ClusterView v = ClusterView.of(List.of(), List.of(), NOW);
    assertThat(v.groups()).isEmpty();
    assertThat(v.free()).isEqualTo("0 B");
  }
}
