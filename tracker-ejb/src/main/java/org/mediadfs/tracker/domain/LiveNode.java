package org.mediadfs.tracker.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.RootStat;

/**
 * What a tracker knows of one node right now (architecture decision 3: live state is in memory, per
 * tracker). Immutable: the registry replaces the whole record atomically on every join and beat, so
 * readers never see half an update.
 *
 * @param key the node's identity
 * @param nodeId persisted node ID, empty for the original's join
 * @param version software version reported at join
 * @param hostName host name reported at join
 * @param host the address clients use: advertised (JOIN_EX) or the peer IP (original join)
 * @param port the port clients use
 * @param startTime node start, epoch seconds, as the node reported it
 * @param reportedJoinTime join time, epoch seconds, as the node reported it
 * @param joinedAt when this tracker accepted the join (its own clock)
 * @param lastBeat last heartbeat (or the join) on this tracker's clock
 * @param heartbeat the interval the node reports
 * @param status the status set by the last join or beat; see {@link #statusAt}
 * @param roots free space per store root (empty until an extended heartbeat)
 * @param load connections and bytes per second
 * @param lags replication lag per peer
 * @param sequence order of first appearance, for the groups text
 */
public record LiveNode(
    NodeKey key,
    String nodeId,
    String version,
    String hostName,
    String host,
    int port,
    long startTime,
    long reportedJoinTime,
    Instant joinedAt,
    Instant lastBeat,
    Duration heartbeat,
    NodeStatus status,
    List<RootStat> roots,
    Load load,
    List<PeerLag> lags,
    long sequence) {
  public LiveNode {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastBeat, "lastBeat");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(status, "status");
    roots = List.copyOf(roots);
    lags = List.copyOf(lags);
    Objects.requireNonNull(load, "load");
  }

  /** The group the node belongs to. */
  public String groupName() {
    return key.groupName();
  }

  /** The instant the node counts as OFFLINE if no beat arrives before it. */
  public Instant deadline(int missedBeats) {
    return lastBeat.plus(heartbeat.multipliedBy(missedBeats));
  }

  /**
   * The status at {@code now}: OFFLINE once {@code missedBeats} intervals passed without a beat,
   * measured per node on the tracker's clock (seed bug 11: the original scanned every 120 s and
   * took up to 240 s).
   */
  public NodeStatus statusAt(Instant now, int missedBeats) {
    if (status != NodeStatus.OFFLINE && !now.isBefore(deadline(missedBeats))) {
      return NodeStatus.OFFLINE;
    }
    return status;
  }

  /** Free bytes over the writable roots, or empty when the node never reported any. */
  public Optional<Long> freeBytes() {
    if (roots.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        roots.stream().filter(r -> !r.readOnly()).mapToLong(RootStat::freeBytes).sum());
  }

  /** This node after a heartbeat. */
  public LiveNode beat(
      Instant now,
      NodeStatus newStatus,
      Duration interval,
      List<RootStat> newRoots,
      Load newLoad,
      List<PeerLag> newLags) {
    return new LiveNode(
        key,
        nodeId,
        version,
        hostName,
        host,
        port,
        startTime,
        reportedJoinTime,
        joinedAt,
        now,
        interval,
        newStatus,
        newRoots,
        newLoad,
        newLags,
        sequence);
  }

  /** This node marked OFFLINE (its deadline passed). */
  public LiveNode offline() {
    return new LiveNode(
        key,
        nodeId,
        version,
        hostName,
        host,
        port,
        startTime,
        reportedJoinTime,
        joinedAt,
        lastBeat,
        heartbeat,
        NodeStatus.OFFLINE,
        roots,
        load,
        lags,
        sequence);
  }
}
