package org.mediadfs.wire.message;

import java.util.List;

/**
 * A node and its live state, as the tracker knows it (NODES reply).
 *
 * @param groupName the node's group
 * @param nodeId persisted node ID (empty for a node that joined with the original's join)
 * @param version software version reported at join
 * @param hostName host name reported at join
 * @param host advertised address
 * @param port advertised port
 * @param status live status
 * @param startTime node start, epoch seconds
 * @param joinTime last join, epoch seconds (tracker clock)
 * @param beatTime last heartbeat, epoch seconds (tracker clock)
 * @param heartbeatSeconds the interval the node reports
 * @param roots store roots with free space
 * @param load load
 * @param lags replication lag per peer
 */
public record NodeInfo(
    String groupName,
    String nodeId,
    String version,
    String hostName,
    String host,
    int port,
    NodeStatus status,
    long startTime,
    long joinTime,
    long beatTime,
    int heartbeatSeconds,
    List<RootStat> roots,
    Load load,
    List<PeerLag> lags) {
  public NodeInfo {
    roots = List.copyOf(roots);
    lags = List.copyOf(lags);
  }

  /** Free bytes over all writable roots. */
  public long freeBytes() {
    return roots.stream().filter(r -> !r.readOnly()).mapToLong(RootStat::freeBytes).sum();
  }

  /**
   * The free space of a group of mirrors: the least any of its ACTIVE members that reported roots
   * has (every member holds every file, so the group is full when its fullest member is), 0 when
   * none did. The tracker chooses groups by the same rule.
   */
  public static long groupFreeBytes(java.util.Collection<NodeInfo> members) {
    return members.stream()
        .filter(n -> n.status() == NodeStatus.ACTIVE && !n.roots().isEmpty())
        .mapToLong(NodeInfo::freeBytes)
        .min()
        .orElse(0L);
  }
}
