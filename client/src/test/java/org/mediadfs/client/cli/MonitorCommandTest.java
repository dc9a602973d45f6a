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
    String t = MonitorCommand.render(List.of(a, b), now);
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
    assertThat(MonitorCommand.render(List.of(), now)).contains("no storage nodes");
  }
}
