package org.mediadfs.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

class MonitorCommandTest {
  @Test
  void tableShowsGroupsNodesStatusFreeSpaceLoadBeatAndLag() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    NodeInfo a =
        new NodeInfo(
            "group001",
            "3f2a9c1e-0000",
            "1.0",
            "vm",
            "127.0.0.1",
            23001,
            NodeStatus.ACTIVE,
            now.getEpochSecond() - 100,
            now.getEpochSecond() - 90,
            now.getEpochSecond() - 3,
            10,
            List.of(new RootStat("s1", 100L << 30, 40L << 30, false)),
            new Load(7, 1 << 20, 2 << 20),
            List.of(new PeerLag("b", 12, 3 << 20)));
    NodeInfo b =
        new NodeInfo(
            "group001",
            "",
            "1.0",
            "vm",
            "127.0.0.1",
            23002,
            NodeStatus.OFFLINE,
            0,
            0,
            now.getEpochSecond() - 400,
            10,
            List.of(),
            Load.IDLE,
            List.of());
    String t = MonitorCommand.render(List.of("group001"), List.of(a, b), now);
    assertThat(t)
        .contains("group001: 2 node(s), 1 active, 40.0 GiB free")
        .contains("127.0.0.1:23001")
        .contains("ACTIVE")
        .contains("3s ago")
        .contains("12/3.0 MiB")
        .contains("3f2a9c1e 1.0")
        .contains("127.0.0.1:23002")
        .contains("OFFLINE")
        .contains("6m40s ago");
    assertThat(MonitorCommand.render(List.of(), List.of(), now)).contains("no storage nodes");
  }

  private static NodeInfo member(int port, NodeStatus status, List<RootStat> roots) {
    return new NodeInfo(
        "group001",
        "node-" + port,
        "1.0",
        "vm",
        "127.0.0.1",
        port,
        status,
        0,
        0,
        0,
        10,
        roots,
        Load.IDLE,
        List.of());
  }

  private static List<RootStat> free(long gib) {
    return List.of(new RootStat("s", 100L << 30, gib << 30, false));
  }

  @Test
  void aGroupHasTheFreeSpaceOfItsFullestActiveMemberNotTheSumOfItsCopies() {
    List<NodeInfo> mirrors =
        List.of(
            member(23001, NodeStatus.ACTIVE, free(76)),
            member(23002, NodeStatus.ACTIVE, free(77)),
            member(23003, NodeStatus.SYNCING, free(5)),
            member(23004, NodeStatus.ACTIVE, List.of()));
    assertThat(NodeInfo.groupFreeBytes(mirrors)).isEqualTo(76L << 30);
    assertThat(MonitorCommand.render(List.of("group001"), mirrors, Instant.EPOCH))
        .contains("group001: 4 node(s), 3 active, 76.0 GiB free");
  }

  @Test
  void aGroupWithoutAnActiveMemberThatReportedHasNoFreeSpace() {
    assertThat(
            NodeInfo.groupFreeBytes(
                List.of(
                    member(23001, NodeStatus.OFFLINE, free(76)),
                    member(23002, NodeStatus.ACTIVE, List.of()))))
        .isZero();
  }

  @Test
  void groupsWithoutNodesAreListedInNameOrderWithTheOthers() {
    NodeInfo n = member(23001, NodeStatus.ACTIVE, free(10));
    String t = MonitorCommand.render(List.of("group001", "group003"), List.of(n), Instant.EPOCH);
    assertThat(t)
        .contains("group001: 1 node(s), 1 active, 10.0 GiB free")
        .contains("group003: 0 node(s)" + System.lineSeparator());
    assertThat(t.indexOf("group003")).isGreaterThan(t.indexOf("127.0.0.1:23001"));
    assertThat(MonitorCommand.render(List.of("group003"), List.of(), Instant.EPOCH))
        .isEqualTo("group003: 0 node(s)" + System.lineSeparator());
  }
}
