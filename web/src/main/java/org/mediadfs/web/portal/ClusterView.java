package org.mediadfs.web.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

/**
 * The admin's view of the cluster at a glance, built from the tracker's groups and NODES replies:
 * one block per group (one without nodes too), one row per node with its state, free space, load
 * and replication lag. Pure.
 *
 * <p>Every member of a group holds a copy of every file, so a group can take only what its fullest
 * member can: its free space is the least any of its ACTIVE members reported, 0 when none did (the
 * rule the tracker places new users by). Adding the members' figures would count each copy again.
 *
 * @param groups the groups by name
 * @param nodes nodes in all groups
 * @param active nodes that are ACTIVE
 * @param free the sum of the groups' free space, formatted
 */
public record ClusterView(List<Group> groups, int nodes, int active, String free) {
  /**
   * A group.
   *
   * @param name its name
   * @param nodes its nodes, ACTIVE first
   * @param active how many are ACTIVE
   * @param healthy true when every node is ACTIVE
   * @param free the least free space of its ACTIVE members, formatted
   */
  public record Group(String name, List<Node> nodes, int active, boolean healthy, String free) {}

  /**
   * A node.
   *
   * @param nodeId the node ID (empty for a node of the original kind)
   * @param address host:port
   * @param hostName the host name it reported
   * @param version its software version as shown: {@code v0.1.0}, {@code mediadfs-1}
   * @param status its state
   * @param statusClass a CSS class for the state ({@code ok}, {@code warn}, {@code bad})
   * @param free free space over its writable roots
   * @param capacity total space of its roots
   * @param usedPercent used space, 0-100
   * @param readOnlyRoots store roots that failed and take no uploads
   * @param connections open connections
   * @param rateIn bytes received per second
   * @param rateOut bytes sent per second
   * @param lagEntries replication log entries not yet applied, over all peers
   * @param lagBytes bytes not yet copied, over all peers
   * @param lagging true when it is behind some peer
   * @param lastBeat how long ago its last heartbeat arrived
   */
  public record Node(
      String nodeId,
      String address,
      String hostName,
      String version,
      String status,
      String statusClass,
      String free,
      String capacity,
      int usedPercent,
      int readOnlyRoots,
      int connections,
      String rateIn,
      String rateOut,
      long lagEntries,
      String lagBytes,
      boolean lagging,
      String lastBeat) {}

  /**
   * The view at {@code now} of these registered groups and a NODES reply (a group some node names
   * is shown even if it is missing from {@code groupNames}).
   */
  public static ClusterView of(List<String> groupNames, List<NodeInfo> infos, Instant now) {
    Map<String, List<NodeInfo>> byGroup = new TreeMap<>();
    for (String g : groupNames) {
      byGroup.put(g, new ArrayList<>());
    }
    for (NodeInfo n : infos) {
      byGroup.computeIfAbsent(n.groupName(), g -> new ArrayList<>()).add(n);
    }
    List<Group> groups = new ArrayList<>();
    int active = 0;
    long free = 0;
    for (Map.Entry<String, List<NodeInfo>> g : byGroup.entrySet()) {
      List<Node> rows =
          g.getValue().stream()
              .sorted(
                  Comparator.comparing((NodeInfo n) -> n.status() == NodeStatus.ACTIVE ? 0 : 1)
                      .thenComparing(NodeInfo::host)
                      .thenComparingInt(NodeInfo::port))
              .map(n -> node(n, now))
              .toList();
      int a = (int) g.getValue().stream().filter(n -> n.status() == NodeStatus.ACTIVE).count();
      active += a;
      long groupFree = NodeInfo.groupFreeBytes(g.getValue());
      free += groupFree;
      groups.add(
          new Group(
              g.getKey(), rows, a, a == rows.size() && !rows.isEmpty(), Formats.size(groupFree)));
    }
    return new ClusterView(List.copyOf(groups), infos.size(), active, Formats.size(free));
  }

  static Node node(NodeInfo n, Instant now) {
    long total = n.roots().stream().mapToLong(RootStat::totalBytes).sum();
    long free = n.freeBytes();
    int used =
        total <= 0 ? 0 : (int) Math.clamp(Math.round(100.0 * (total - free) / total), 0, 100);
    int readOnly = (int) n.roots().stream().filter(RootStat::readOnly).count();
    long lagEntries = n.lags().stream().mapToLong(PeerLag::entries).sum();
    long lagBytes = n.lags().stream().mapToLong(PeerLag::bytes).sum();
    return new Node(
        n.nodeId(),
        n.host() + ":" + n.port(),
        n.hostName(),
        Formats.version(n.version()),
        n.status().name(),
        statusClass(n.status()),
        Formats.size(free),
        Formats.size(total),
        used,
        readOnly,
        n.load().connections(),
        Formats.rate(n.load().bytesInPerSecond()),
        Formats.rate(n.load().bytesOutPerSecond()),
        lagEntries,
        Formats.size(lagBytes),
        lagEntries > 0 || lagBytes > 0,
        n.beatTime() <= 0
            ? "never"
            : Formats.age(Instant.ofEpochSecond(n.beatTime()), now) + " ago");
  }

  /** {@code ok} for ACTIVE, {@code warn} for states on the way in or out, {@code bad} otherwise. */
  static String statusClass(NodeStatus s) {
    return switch (s) {
      case ACTIVE -> "ok";
      case SYNCING, DRAINING, ONLINE -> "warn";
      case OFFLINE -> "bad";
    };
  }
}
