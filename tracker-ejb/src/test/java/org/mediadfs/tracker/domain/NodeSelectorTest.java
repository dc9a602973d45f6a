package org.mediadfs.tracker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediadfs.tracker.domain.TestNodes.node;
import static org.mediadfs.tracker.domain.TestNodes.rated;
import static org.mediadfs.tracker.domain.TestNodes.withLoad;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.NodeStatus;

class NodeSelectorTest {
  private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

  private static List<Integer> ports(List<LiveNode> nodes) {
    return nodes.stream().map(LiveNode::port).toList();
  }

  @Test
  void leastLoadedActiveNodesFirstAtMostThree() {
    var selector = new NodeSelector(new SplittableRandom(1));
    var nodes =
        List.of(
            rated(withLoad(node("g", "a", 1, T), 50, 0), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "b", 2, T), 5, 0), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "c", 3, T), 20, 0), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "d", 4, T), 10, 0), NodeStatus.ACTIVE));

    assertThat(ports(selector.select(nodes))).containsExactly(2, 4, 3);
  }

  @Test
  void syncingNodesComeOnlyAfterActiveOnesAndOthersNever() {
    var selector = new NodeSelector(new SplittableRandom(2));
    var nodes =
        List.of(
            rated(withLoad(node("g", "s", 1, T), 0, 0), NodeStatus.SYNCING),
            rated(withLoad(node("g", "a", 2, T), 99, 0), NodeStatus.ACTIVE),
            rated(node("g", "o", 3, T), NodeStatus.OFFLINE),
            rated(node("g", "n", 4, T), NodeStatus.ONLINE),
            rated(node("g", "d", 5, T), NodeStatus.DRAINING));

    assertThat(ports(selector.select(nodes))).containsExactly(2, 1);
  }

  @Test
  void onlyOfflineNodesGiveNothing() {
    var selector = new NodeSelector(new SplittableRandom(3));
    assertThat(selector.select(List.of(rated(node("g", "o", 1, T), NodeStatus.OFFLINE)))).isEmpty();
  }

  @Test
  void equallyLoadedNodesAreOrderedAtRandom() {
    var selector = new NodeSelector(new SplittableRandom(4));
    var nodes =
        List.of(
            rated(withLoad(node("g", "a", 1, T), 0, 0), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "b", 2, T), 0, 0), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "c", 3, T), 0, 0), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "d", 4, T), 0, 0), NodeStatus.ACTIVE));

    Set<Integer> firsts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      List<LiveNode> chosen = selector.select(nodes);
      assertThat(chosen).hasSize(3).doesNotHaveDuplicates();
      firsts.add(chosen.getFirst().port());
    }
    // The original reseeded with the second every call and always started at the same node.
    assertThat(firsts).containsExactlyInAnyOrder(1, 2, 3, 4);
  }
}
