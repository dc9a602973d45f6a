package org.mediadfs.tracker.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.mediadfs.wire.message.NodeStatus;

/**
 * Chooses the group of a user seen for the first time: among the registered groups that have at
 * least one ACTIVE node, the one with the most free space; ties (including groups whose nodes never
 * reported space, as the original's do not) are broken at random. The original picked any
 * registered group uniformly, live or not, with a generator reseeded every second (seed bug 12).
 *
 * <p>Every member of a group holds every file of the group, so a group has as much room as its
 * fullest ACTIVE member: its free space is the minimum over the ACTIVE members that reported one.
 */
public final class GroupChooser {
  private final RandomGenerator random;

  public GroupChooser(RandomGenerator random) {
    this.random = random;
  }

  /**
   * The group for a new user, or empty when no registered group has an ACTIVE node.
   *
   * @param registered the registered group names
   * @param nodesByGroup each group's nodes with their status now
   */
  public Optional<String> choose(
      Collection<String> registered, Map<String, List<NodeSelector.Rated>> nodesByGroup) {
    long best = Long.MIN_VALUE;
    List<String> winners = new ArrayList<>();
    for (String g : registered) {
      List<NodeSelector.Rated> nodes = nodesByGroup.getOrDefault(g, List.of());
      if (nodes.stream().noneMatch(r -> r.status() == NodeStatus.ACTIVE)) {
        continue;
      }
      long free = freeBytes(nodes);
      if (free > best) {
        best = free;
        winners.clear();
      }
      if (free == best) {
        winners.add(g);
      }
    }
    if (winners.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(winners.get(random.nextInt(winners.size())));
  }

  /** The group's free space: the minimum over its ACTIVE members that reported; 0 if none did. */
  static long freeBytes(List<NodeSelector.Rated> nodes) {
    return nodes.stream()
        .filter(r -> r.status() == NodeStatus.ACTIVE)
        .map(r -> r.node().freeBytes())
        .flatMap(Optional::stream)
        .mapToLong(Long::longValue)
        .min()
        .orElse(0L);
  }
}
