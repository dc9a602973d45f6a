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
  private static final long GIB = 1L << 30;

  @Test
  void newUsersGoToTheGroupWithTheMostFreeSpaceAmongGroupsWithActiveNodes() {
    var chooser = new GroupChooser(new SplittableRandom(1));
    var byGroup =
        Map.of(
            "small",
                List.of(rated(withLoad(node("small", "a", 1, T), 0, 100 * GIB), NodeStatus.ACTIVE)),
            "big",
                List.of(rated(withLoad(node("big", "b", 2, T), 0, 900 * GIB), NodeStatus.ACTIVE)),
            "dead",
                List.of(
                    rated(withLoad(node("dead", "c", 3, T), 0, 9999 * GIB), NodeStatus.OFFLINE)));

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

  @Test
  void groupsWithAboutTheSameRoomShareNewUsers() {
    // Two groups on one 73 GiB disk: their last heartbeats differ by what was written in between.
    var chooser = new GroupChooser(new SplittableRandom(4));
    long free = 73 * GIB;
    var byGroup =
        Map.of(
            "g1", List.of(rated(withLoad(node("g1", "a", 1, T), 0, free), NodeStatus.ACTIVE)),
            "g2",
                List.of(
                    rated(
                        withLoad(node("g2", "b", 2, T), 0, free - 300_000_000), NodeStatus.ACTIVE)),
            "g3", List.of(rated(withLoad(node("g3", "c", 3, T), 0, free / 2), NodeStatus.ACTIVE)));
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      chooser
          .choose(List.of("g1", "g2", "g3"), byGroup)
          .ifPresent(g -> counts.merge(g, 1, Integer::sum));
    }
    assertThat(counts).containsOnlyKeys("g1", "g2");
    assertThat(counts.get("g1")).isBetween(400, 600);
  }

  @Test
  void theToleranceIsOneGibibyteOrTwoPercentOfTheMostFreeButAtMostHalfOfIt() {
    assertThat(GroupChooser.tolerance(0)).isZero();
    assertThat(GroupChooser.tolerance(GIB)).isEqualTo(GIB / 2);
    assertThat(GroupChooser.tolerance(10 * GIB)).isEqualTo(GIB);
    assertThat(GroupChooser.tolerance(1000 * GIB)).isEqualTo(20 * GIB);
  }

  @Test
  void aGroupJustOutsideTheToleranceIsNotChosen() {
    var chooser = new GroupChooser(new SplittableRandom(5));
    long free = 10 * GIB;
    var byGroup =
        Map.of(
            "g1", List.of(rated(withLoad(node("g1", "a", 1, T), 0, free), NodeStatus.ACTIVE)),
            "g2",
                List.of(
                    rated(withLoad(node("g2", "b", 2, T), 0, free - GIB - 1), NodeStatus.ACTIVE)),
            "g3",
                List.of(rated(withLoad(node("g3", "c", 3, T), 0, free - GIB), NodeStatus.ACTIVE)));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      chooser.choose(List.of("g1", "g2", "g3"), byGroup).ifPresent(seen::add);
    }
    assertThat(seen).containsExactlyInAnyOrder("g1", "g3");
  }

  @Test
  void whenEveryGroupIsNearlyFullAFullOneDoesNotTieWithOneThatHasRoom() {
    var chooser = new GroupChooser(new SplittableRandom(6));
    var byGroup =
        Map.of(
            "full", List.of(rated(withLoad(node("full", "a", 1, T), 0, 0), NodeStatus.ACTIVE)),
            "room",
                List.of(rated(withLoad(node("room", "b", 2, T), 0, GIB / 2), NodeStatus.ACTIVE)));
    for (int i = 0; i < 50; i++) {
      assertThat(chooser.choose(List.of("full", "room"), byGroup)).contains("room");
    }
  }
}
