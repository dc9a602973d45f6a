package org.mediadfs.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;

class FileDirectoryTest {
  private static NodeInfo node(String group, String id, NodeStatus s) {
    return new NodeInfo(
        group, id, "1", "h", "127.0.0.1", 1, s, 0, 0, 0, 1, List.of(), Load.IDLE, List.of());
  }

  @Test
  void oneCandidateListPerGroupActiveFirstOfflineLeftOut() {
    Map<String, List<NodeInfo>> c =
        FileDirectory.candidates(
            List.of(
                node("g2", "s", NodeStatus.SYNCING),
                node("g1", "a", NodeStatus.ACTIVE),
                node("g2", "b", NodeStatus.ACTIVE),
                node("g2", "o", NodeStatus.OFFLINE),
                node("g3", "x", NodeStatus.OFFLINE),
                node("g1", "d", NodeStatus.DRAINING),
                node("g1", "n", NodeStatus.ONLINE)));
    assertThat(c.keySet()).as("g3 has no live node").containsExactly("g1", "g2");
    assertThat(c.get("g1")).extracting(NodeInfo::nodeId).containsExactly("a", "d", "n");
    assertThat(c.get("g2")).extracting(NodeInfo::nodeId).containsExactly("b", "s");
  }
}
