package org.mediadfs.tracker.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;

/**
 * Chooses the nodes a client should use for a user's group (command 12): at most {@value #MAX}
 * nodes, ACTIVE ones first, least loaded first, ties in random order; SYNCING nodes (catching up,
 * able to read-repair) only after every ACTIVE one. OFFLINE, ONLINE (joined, no beat yet) and
 * DRAINING nodes are never returned.
 *
 * <p>The original walked the list from a random start chosen with {@code srand(time(NULL))} before
 * every call, so every request within one second got the same node (seed bug 12); here the random
 * generator is shared and seeded once.
 */
public final class NodeSelector {
  /** The original's limit. */
  public static final int MAX = 3;

  private static final Comparator<Load> LEAST_LOADED =
      Comparator.comparingInt(Load::connections)
          .thenComparingLong(l -> l.bytesInPerSecond() + l.bytesOutPerSecond());

  private final RandomGenerator random;

  public NodeSelector(RandomGenerator random) {
    this.random = random;
  }

  /**
   * The nodes to hand out.
   *
   * @param nodes the group's nodes with their status now
   */
  public List<LiveNode> select(List<Rated> nodes) {
    List<LiveNode> out = new ArrayList<>(MAX);
    for (NodeStatus wanted : List.of(NodeStatus.ACTIVE, NodeStatus.SYNCING)) {
      List<LiveNode> tier = new ArrayList<>();
      for (Rated r : nodes) {
        if (r.status() == wanted) {
          tier.add(r.node());
        }
      }
      Collections.shuffle(tier, random); // a stable sort of a shuffled list: random among equals
      tier.sort(Comparator.comparing(LiveNode::load, LEAST_LOADED));
      for (LiveNode n : tier) {
        if (out.size() == MAX) {
          return out;
        }
        out.add(n);
      }
    }
    return out;
  }

  /** A node with its status at the moment of the choice. */
  public record Rated(LiveNode node, NodeStatus status) {}
}
