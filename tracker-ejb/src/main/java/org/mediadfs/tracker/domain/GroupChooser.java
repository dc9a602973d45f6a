package org.mediadfs.tracker.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * <p>Free space is as of each node's last heartbeat, so groups within {@link #tolerance} of the
 * most free are tied: otherwise two groups with about the same room (on one shared disk, or disks
 * of one size) would not share new users, and every user who arrives between two heartbeats would
 * go to whichever group happened to report a few bytes more.
 *
 * <p>Every member of a group holds every file of the group, so a group has as much room as its
 * fullest ACTIVE member: its free space is the minimum over the ACTIVE members that reported one.
 */
public final class GroupChooser {
  /** Groups at most this much apart in free space are tied (and 2% of the most free, above). */
  static final long TIE_BYTES = 1L << 30;

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
    Map<String, Long> live = new LinkedHashMap<>();
    for (String g : registered) {
      List<NodeSelector.Rated> nodes = nodesByGroup.getOrDefault(g, List.of());
      if (nodes.stream().anyMatch(r -> r.status() == NodeStatus.ACTIVE)) {
        live.put(g, freeBytes(nodes));
      }
    }
    if (live.isEmpty()) {
      return Optional.empty();
    }
    long best = live.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long floor = best - tolerance(best);
    List<String> winners = new ArrayList<>();
    live.forEach(
        (g, free) -> {
          if (free >= floor) {
            winners.add(g);
          }
        });
    return Optional.of(winners.get(random.nextInt(winners.size())));
  }

  /**
   * How much less room than the most free group a group may have and still count as tied: 1 GiB or
   * 2% of the most free space, whichever is more, but never more than half of it (when every group
   * is nearly full, a full one must not tie with one that still has room).
   */
  static long tolerance(long mostFree) {
    return Math.min(Math.max(TIE_BYTES, mostFree / 50), mostFree / 2);
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
