package org.mediadfs.tracker.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediadfs.tracker.domain.TestNodes.node;
import static org.mediadfs.tracker.domain.TestNodes.rated;
import static org.mediadfs.tracker.domain.TestNodes.withLoad;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mediadfs.wire.message.NodeStatus;

class GroupChooserTest {
  private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void newUsersGoToTheGroupWithTheMostFreeSpaceAmongGroupsWithActiveNodes() {
    var chooser = new GroupChooser(new SplittableRandom(1));
    var byGroup =
        Map.of(
            "small", List.of(rated(withLoad(node("small", "a", 1, T), 0, 100), NodeStatus.ACTIVE)),
            "big", List.of(rated(withLoad(node("big", "b", 2, T), 0, 900), NodeStatus.ACTIVE)),
            "dead", List.of(rated(withLoad(node("dead", "c", 3, T), 0, 9999), NodeStatus.OFFLINE)));

    for (int i = 0; i < 20; i++) {
      assertThat(chooser.choose(List.of("small", "big", "dead", "empty"), byGroup)).contains("big");
    }
  }

  @Test
  void aGroupHasTheRoomOfItsFullestActiveMember() {
    var nodes =
        List.of(
            rated(withLoad(node("g", "a", 1, T), 0, 500), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "b", 2, T), 0, 200), NodeStatus.ACTIVE),
            rated(withLoad(node("g", "c", 3, T), 0, 10), NodeStatus.OFFLINE));
    assertThat(GroupChooser.freeBytes(nodes)).isEqualTo(200);
  }

  @Test
  void noGroupWithAnActiveNodeMeansNoChoice() {
    var chooser = new GroupChooser(new SplittableRandom(2));
    var byGroup = Map.of("g", List.of(rated(node("g", "a", 1, T), NodeStatus.ONLINE)));
    assertThat(chooser.choose(List.of("g", "h"), byGroup)).isEmpty();
  }

  @Test
  void tiesAreBrokenAtRandom() {
    var chooser = new GroupChooser(new SplittableRandom(3));
    var byGroup =
        Map.of(
            "g1", List.of(rated(withLoad(node("g1", "a", 1, T), 0, -1), NodeStatus.ACTIVE)),
            "g2", List.of(rated(withLoad(node("g2", "b", 2, T), 0, -1), NodeStatus.ACTIVE)));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      chooser.choose(List.of("g1", "g2"), byGroup).ifPresent(seen::add);
    }
    assertThat(seen).containsExactlyInAnyOrder("g1", "g2");
  }
}
