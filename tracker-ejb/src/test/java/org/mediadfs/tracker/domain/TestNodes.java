package org.mediadfs.tracker.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.RootStat;

/** Builders of live nodes for tests. */
public final class TestNodes {
  private TestNodes() {}

  public static LiveNode node(String group, String id, int port, Instant at) {
    return new LiveNode(
        new NodeKey.ById(group, id),
        id,
        "1.0",
        "host-" + id,
        "10.0.0.1",
        port,
        at.getEpochSecond(),
        at.getEpochSecond(),
        at,
        at,
        Duration.ofSeconds(10),
        NodeStatus.ONLINE,
        List.of(),
        Load.IDLE,
        List.of(),
        port);
  }

  public static LiveNode withLoad(LiveNode n, int connections, long freeBytes) {
    return n.beat(
        n.lastBeat(),
        NodeStatus.ACTIVE,
        n.heartbeat(),
        freeBytes < 0 ? List.of() : List.of(new RootStat("s1", 1L << 40, freeBytes, false)),
        new Load(connections, 0, 0),
        List.of());
  }

  public static NodeSelector.Rated rated(LiveNode n, NodeStatus s) {
    return new NodeSelector.Rated(n, s);
  }
}
