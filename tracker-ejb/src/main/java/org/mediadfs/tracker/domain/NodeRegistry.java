package org.mediadfs.tracker.domain;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.mediadfs.wire.message.NodeStatus;

/**
 * The live state of every node this tracker has seen since it started, in memory (architecture
 * decision 3). Lock-free for readers and per-node for writers: a join or beat replaces one entry
 * with {@link ConcurrentHashMap#compute}, so heartbeats of different nodes never wait for each
 * other (no global write lock, unlike the original's single mutex).
 *
 * <p>Offline detection is per node, on the tracker's clock: every read computes the status from the
 * node's own deadline ({@link LiveNode#statusAt}), and a timer per node fires at that deadline to
 * record and log the change. A beat replaces the timer. Nodes are never dropped: an OFFLINE node
 * comes back with its next join or beat.
 */
public final class NodeRegistry implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NodeRegistry.class.getName());

  /** Schedules a task at an instant; the tracker uses a managed scheduled executor. */
  @FunctionalInterface
  public interface Timer {
    /** Runs {@code task} at {@code when} (at once if it is past); the result cancels it. */
    Cancellable at(Instant when, Runnable task);
  }

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  public interface Cancellable {
    void cancel();
  }

  private final InstantSource clock;
  private final Timer timer;
  private final int missedBeats;
  private final ConcurrentHashMap<String, LiveNode> nodes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cancellable> deadlines = new ConcurrentHashMap<>();
  private final Set<String> draining = ConcurrentHashMap.newKeySet();
  private final AtomicLong sequence = new AtomicLong();

  public NodeRegistry(InstantSource clock, Timer timer, int missedBeats) {
    if (missedBeats < 1) {
      throw new IllegalArgumentException("missedBeats must be at least 1");
    }
    this.clock = clock;
    this.timer = timer;
    this.missedBeats = missedBeats;
  }

  /** The tracker's clock. */
  public InstantSource clock() {
    return clock;
  }

  /** Heartbeat intervals a node may miss before it is OFFLINE. */
  public int missedBeats() {
    return missedBeats;
  }

  /** The next sequence number, for a node seen for the first time. */
  public long nextSequence() {
    return sequence.incrementAndGet();
  }

  /**
   * Records a join: the entry is replaced (or created) and its status is ONLINE until the first
   * beat. The sequence of a known node is kept, so the groups text keeps its order.
   */
  public LiveNode join(LiveNode joined) {
    LiveNode result =
        nodes.merge(
            joined.key().value(),
            joined,
            (old, fresh) ->
                new LiveNode(
                    fresh.key(),
                    fresh.nodeId(),
                    fresh.version(),
                    fresh.hostName(),
                    fresh.host(),
                    fresh.port(),
                    fresh.startTime(),
                    fresh.reportedJoinTime(),
                    fresh.joinedAt(),
                    fresh.lastBeat(),
                    fresh.heartbeat(),
                    fresh.status(),
                    fresh.roots(),
                    fresh.load(),
                    fresh.lags(),
                    old.sequence()));
    armDeadline(result);
    return result;
  }

  /**
   * Applies a heartbeat to a known node.
   *
   * @return the updated node, or empty if the node is not known (it must join again)
   */
  public Optional<LiveNode> beat(NodeKey key, UnaryOperator<LiveNode> update) {
    LiveNode result = nodes.computeIfPresent(key.value(), (k, old) -> update.apply(old));
    if (result != null) {
      armDeadline(result);
    }
    return Optional.ofNullable(result);
  }

  private void armDeadline(LiveNode node) {
    String k = node.key().value();
    Instant when = node.deadline(missedBeats);
    Cancellable next = timer.at(when, () -> expire(k));
    Cancellable previous = deadlines.put(k, next);
    if (previous != null) {
      previous.cancel();
    }
  }

  /** Runs at a node's deadline: marks it OFFLINE unless a beat moved the deadline meanwhile. */
  void expire(String key) {
    Instant now = clock.instant();
    LiveNode after =
        nodes.computeIfPresent(
            key,
            (k, n) ->
                n.status() != NodeStatus.OFFLINE && !now.isBefore(n.deadline(missedBeats))
                    ? n.offline()
                    : n);
    if (after != null && after.status() == NodeStatus.OFFLINE) {
      LOG.log(
          Level.WARNING,
          () ->
              "node "
                  + key
                  + " ("
                  + after.host()
                  + ":"
                  + after.port()
                  + ") is OFFLINE: no heartbeat since "
                  + after.lastBeat()
                  + " ("
                  + missedBeats
                  + " x "
                  + after.heartbeat().toSeconds()
                  + " s)");
    }
  }

  /** How many nodes are known. */
  public int size() {
    return nodes.size();
  }

  /** The node with this key, if known. */
  public Optional<LiveNode> find(NodeKey key) {
    return Optional.ofNullable(nodes.get(key.value()));
  }

  /** Every known node of a group, in order of first appearance. */
  public List<LiveNode> group(String groupName) {
    return nodes.values().stream()
        .filter(n -> n.groupName().equals(groupName))
        .sorted(Comparator.comparingLong(LiveNode::sequence))
        .toList();
  }

  /** Every known node, in order of first appearance. */
  public List<LiveNode> all() {
    return nodes.values().stream().sorted(Comparator.comparingLong(LiveNode::sequence)).toList();
  }

  /** Legacy nodes matching a heartbeat of the original (which carries no port). */
  public List<LiveNode> legacy(String groupName, String hostName, String ip) {
    return nodes.values().stream()
        .filter(
            n ->
                n.key() instanceof NodeKey.Legacy l
                    && l.groupName().equals(groupName)
                    && l.hostName().equals(hostName)
                    && l.ip().equals(ip))
        .toList();
  }

  /**
   * The status of a node now: OFFLINE once its deadline passed, DRAINING while it is being
   * decommissioned (never chosen for new files), else what it reported.
   */
  public NodeStatus statusNow(LiveNode n) {
    NodeStatus s = n.statusAt(clock.instant(), missedBeats);
    return s != NodeStatus.OFFLINE && draining.contains(n.key().value()) ? NodeStatus.DRAINING : s;
  }

  /** Forgets a node (it left the cluster after a decommission): no timer, no entry. */
  public Optional<LiveNode> remove(NodeKey key) {
    Cancellable timer = deadlines.remove(key.value());
    if (timer != null) {
      timer.cancel();
    }
    draining.remove(key.value());
    return Optional.ofNullable(nodes.remove(key.value()));
  }

  /** Marks a node to be drained (decommissioned); its beat replies carry the drain flag. */
  public void drain(NodeKey key, boolean on) {
    if (on) {
      draining.add(key.value());
    } else {
      draining.remove(key.value());
    }
  }

  /** True when the node was asked to drain. */
  public boolean draining(NodeKey key) {
    return draining.contains(key.value());
  }

  /** A snapshot of every node's current status, for tests and monitoring. */
  public Map<String, NodeStatus> statuses() {
    Instant now = clock.instant();
    Map<String, NodeStatus> out = new TreeMap<>();
    nodes.forEach((k, n) -> out.put(k, n.statusAt(now, missedBeats)));
    return out;
  }

  /** The default heartbeat interval of a node that does not report one (the original's 10 s). */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);

  /** Cancels every timer. */
  @Override
  public void close() {
    deadlines.values().forEach(Cancellable::cancel);
    deadlines.clear();
  }
}
