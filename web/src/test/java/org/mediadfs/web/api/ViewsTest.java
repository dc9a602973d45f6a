package org.mediadfs.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

class ViewsTest {
  @Test
  void nodeViewSumsSpaceAndLag() {
    NodeInfo n =
        new NodeInfo(
            "group001",
            "node-1",
            "0.1.0",
            "box",
            "10.0.0.5",
            23000,
            NodeStatus.ACTIVE,
            1_000,
            2_000,
            3_000,
            10,
            List.of(new RootStat("r1", 100, 40, false), new RootStat("r2", 50, 10, true)),
            new Load(3, 4, 5),
            List.of(new PeerLag("node-2", 7, 700), new PeerLag("node-3", 1, 100)));
    Views.NodeView v = Views.node(n);
    assertThat(v.freeBytes()).isEqualTo(40); // the read-only root does not count
    assertThat(v.totalBytes()).isEqualTo(150);
    assertThat(v.lagEntries()).isEqualTo(8);
    assertThat(v.lagBytes()).isEqualTo(800);
    assertThat(v.lastHeartbeat()).isEqualTo(Instant.ofEpochSecond(3_000));
    assertThat(v.status()).isEqualTo("ACTIVE");
  }

  @Test
  void fileViewShowsTheCrcAsHex() {
    FileMeta m =
        new FileMeta(
            "id1", "tnvideo", "u1", 9, 0xDEADBEEFL, "video/mp4", FileStatus.DELETED, "p", 5, 6);
    Views.FileView v = Views.file(m, "group002");
    assertThat(v.crc32c()).isEqualTo("deadbeef");
    assertThat(v.status()).isEqualTo("DELETED");
    assertThat(v.group()).isEqualTo("group002");
    assertThat(Views.file(m, "").group()).isNull();
    assertThat(v.created()).isEqualTo(Instant.ofEpochMilli(5));
  }
}
