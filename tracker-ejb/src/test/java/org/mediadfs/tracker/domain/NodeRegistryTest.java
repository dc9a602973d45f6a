package org.mediadfs.tracker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;

class NodeRegistryTest {
  private final FakeTime time = new FakeTime(Instant.parse("2026-11-26T12:00:00Z"));
  private final NodeRegistry registry = new NodeRegistry(time, time, 3);

  private LiveNode join(String id, int heartbeatSeconds) {
    Instant now = time.instant();
    return registry.join(
        new LiveNode(
            new NodeKey.ById("g", id),
            id,
            "1.0",
            "h",
            "10.0.0.1",
            23000,
            0,
            0,
            now,
            now,
            Duration.ofSeconds(heartbeatSeconds),
            NodeStatus.ONLINE,
            List.of(),
            Load.IDLE,
            List.of(),
            registry.nextSequence()));
  }

  private void beat(String id) {
    Instant now = time.instant();
    registry.beat(
        new NodeKey.ById("g", id),
        n -> n.beat(now, NodeStatus.ACTIVE, n.heartbeat(), n.roots(), n.load(), n.lags()));
  }

  private NodeStatus status(String id) {
    return registry.statusNow(registry.find(new NodeKey.ById("g", id)).orElseThrow());
  }

  private NodeStatus recorded(String id) {
    return registry.find(new NodeKey.ById("g", id)).orElseThrow().status();
  }

  @Test
  void offlineExactlyAfterThreeMissedIntervalsOfTheNodesOwnHeartbeat() {
    join("fast", 2);
    join("slow", 10);
    beat("fast");
    beat("slow");

    time.advance(Duration.ofMillis(5_999));
    assertThat(status("fast")).isEqualTo(NodeStatus.ACTIVE);
    assertThat(recorded("fast")).isEqualTo(NodeStatus.ACTIVE);

    time.advance(Duration.ofMillis(1));
    assertThat(status("fast")).isEqualTo(NodeStatus.OFFLINE);
    assertThat(recorded("fast")).as("the deadline timer recorded it").isEqualTo(NodeStatus.OFFLINE);
    assertThat(status("slow")).isEqualTo(NodeStatus.ACTIVE);

    time.advance(Duration.ofSeconds(24));
    assertThat(status("slow")).isEqualTo(NodeStatus.OFFLINE);
    assertThat(recorded("slow")).isEqualTo(NodeStatus.OFFLINE);
  }

  @Test
  void eachBeatMovesTheDeadlineAndReplacesTheTimer() {
    join("n", 10);
    for (int i = 0; i < 10; i++) {
      time.advance(Duration.ofSeconds(29));
      beat("n");
      assertThat(status("n")).isEqualTo(NodeStatus.ACTIVE);
    }
    assertThat(time.pending()).isEqualTo(1);
    time.advance(Duration.ofSeconds(30));
    assertThat(recorded("n")).isEqualTo(NodeStatus.OFFLINE);
  }

  @Test
  void anOfflineNodeComesBackWithItsNextBeatAndStaysInTheRegistry() {
    join("n", 10);
    time.advance(Duration.ofMinutes(5));
    assertThat(status("n")).isEqualTo(NodeStatus.OFFLINE);
    assertThat(registry.all()).hasSize(1);

    beat("n");
    assertThat(status("n")).isEqualTo(NodeStatus.ACTIVE);
  }

  @Test
  void aJoinedNodeWithoutBeatsIsOnlineThenOffline() {
    join("n", 10);
    assertThat(status("n")).isEqualTo(NodeStatus.ONLINE);
    time.advance(Duration.ofSeconds(30));
    assertThat(status("n")).isEqualTo(NodeStatus.OFFLINE);
  }

  @Test
  void statusIsRightOnReadEvenBeforeTheTimerRuns() {
    LiveNode n = join("n", 10);
    Instant later = time.instant().plusSeconds(31);
    assertThat(n.statusAt(later, 3)).isEqualTo(NodeStatus.OFFLINE);
    assertThat(n.statusAt(time.instant().plusSeconds(29), 3)).isEqualTo(NodeStatus.ONLINE);
  }

  @Test
  void aRejoinKeepsTheOrderOfFirstAppearance() {
    join("a", 10);
    join("b", 10);
    join("a", 10);
    assertThat(registry.all()).extracting(LiveNode::nodeId).containsExactly("a", "b");
  }

  @Test
  void aBeatOfAnUnknownNodeChangesNothing() {
    assertThat(registry.beat(new NodeKey.ById("g", "ghost"), n -> n)).isEmpty();
    assertThat(registry.all()).isEmpty();
  }
}
