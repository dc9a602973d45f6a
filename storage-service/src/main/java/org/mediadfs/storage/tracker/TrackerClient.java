package org.mediadfs.storage.tracker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.mediadfs.storage.client.Handshake;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/**
 * Keeps the node joined to every tracker (seed-reference §6.2; the original's HA model: trackers
 * are independent, a node heartbeats each one). One virtual thread per tracker: connect, HELLO when
 * the cluster has a secret, JOIN_EX, then BEAT_EX every heartbeat interval on the same connection.
 * Any failure closes the connection and, after an exponential backoff, the next pass joins again;
 * an UNKNOWN_NODE reply (the tracker restarted and forgot the node) re-joins at once. The beat
 * reply's member list is kept in {@link GroupMembers} for replication.
 */
public final class TrackerClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TrackerClient.class.getName());

  /** The version string sent in JOIN_EX (the original sent "1.0"). */
  public static final String VERSION = "mediadfs-1";

  /**
   * What the node tells the trackers about itself.
   *
   * @param nodeId persisted node ID
   * @param group the node's group
   * @param host advertised host
   * @param port advertised port
   * @param heartbeatSeconds interval between beats
   * @param startTime process start, epoch seconds
   */
  public record Identity(
      String nodeId, String group, String host, int port, int heartbeatSeconds, long startTime) {}

  /**
   * Live facts read at every beat.
   *
   * @param state ACTIVE, or SYNCING while catching up (issue 5)
   * @param roots free space per store root
   * @param lags replication lag per peer (issue 5)
   */
  public record Probes(
      Supplier<NodeStatus> state,
      Supplier<List<RootStat>> roots,
      Traffic traffic,
      Supplier<List<PeerLag>> lags) {}

  private final List<HostPort> trackers;
  private final Identity identity;
  private final Probes probes;
  private final Handshake handshake;
  private final GroupMembers members;
  private final Clock clock;
  private final String hostName;
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<HostPort, Long> lastBeatMillis = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong joins =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong failures =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong nudges =
      new java.util.concurrent.atomic.AtomicLong();

  public TrackerClient(
      List<HostPort> trackers,
      Identity identity,
      Probes probes,
      Handshake handshake,
      GroupMembers members,
      Clock clock) {
    this.trackers = List.copyOf(trackers);
    this.identity = identity;
    this.probes = probes;
    this.handshake = handshake;
    this.members = members;
    this.clock = clock;
    this.hostName = localHostName();
  }

  /** Starts one link per tracker. */
  public void start() {
    for (HostPort t : trackers) {
      threads.add(Thread.ofVirtual().name("tracker-link-" + t).start(() -> link(t)));
    }
  }

  /** Trackers that accepted a beat within the last three intervals. */
  public List<HostPort> joinedTrackers() {
    long now = clock.millis();
    long window = 3000L * identity.heartbeatSeconds() + 2000;
    List<HostPort> out = new ArrayList<>();
    for (HostPort t : trackers) {
      Long last = lastBeatMillis.get(t);
      if (last != null && now - last <= window) {
        out.add(t);
      }
    }
    return out;
  }

  /** Successful joins so far, over all trackers (a re-join after a failure counts again). */
  public long joins() {
    return joins.get();
  }

  /** Link failures so far, over all trackers. */
  public long failures() {
    return failures.get();
  }

  /** The group's members as last reported. */
  public GroupMembers members() {
    return members;
  }

  private void link(HostPort tracker) {
    // Capped at 10 s: a node is back at most ~10 s after its tracker (the fault suite's bound is
    // 60 s after a fault ends); one attempt per 10 s per node is nothing for a tracker.
    Backoff backoff =
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), RandomGenerator.getDefault());
    Traffic.Rate rate = new Traffic.Rate(probes.traffic(), System.nanoTime());
    Duration interval = Duration.ofSeconds(identity.heartbeatSeconds());
    Duration readTimeout = Duration.ofSeconds(Math.max(10, 2L * identity.heartbeatSeconds()));
    while (!closed) {
      int beats = 0;
      try (WireConnection c =
          WireConnection.open(tracker, Duration.ofSeconds(5), readTimeout, Limits.DEFAULT)) {
        handshake.perform(c);
        c.expect(
            new Request.JoinEx(
                identity.nodeId(),
                VERSION,
                identity.group(),
                hostName,
                identity.host(),
                identity.port(),
                identity.startTime(),
                clock.millis() / 1000,
                identity.heartbeatSeconds()),
            Response.Ok.class);
        joins.incrementAndGet();
        LOG.log(
            System.Logger.Level.INFO,
            "node {0} joined tracker {1} as {2}:{3} in group {4}",
            identity.nodeId(),
            tracker,
            identity.host(),
            String.valueOf(identity.port()),
            identity.group());
        while (!closed) {
          long nudgesSeen = nudges.get(); // a nudge from here on beats again at once
          long askedAt = System.nanoTime();
          long[] perSecond = rate.perSecond(askedAt);
          Response.Members reply =
              c.expect(
                  new Request.BeatEx(
                      identity.nodeId(),
                      identity.group(),
                      probes.state().get(),
                      identity.heartbeatSeconds(),
                      probes.roots().get(),
                      new Load(probes.traffic().connections().get(), perSecond[0], perSecond[1]),
                      probes.lags().get()),
                  Response.Members.class);
          members.update(tracker, reply.flags(), reply.members(), askedAt);
          lastBeatMillis.put(tracker, clock.millis());
          backoff.reset();
          beats++;
          awaitNextBeat(interval, nudgesSeen, askedAt);
        }
      } catch (ErrorReplyException e) {
        failures.incrementAndGet();
        if (e.code() == ErrorCode.UNKNOWN_NODE && beats > 0) {
          // The tracker restarted and forgot us after accepting beats: join again at once.
          LOG.log(
              System.Logger.Level.WARNING,
              "tracker {0} forgot node {1}; joining again",
              tracker,
              identity.nodeId());
          continue;
        }
        LOG.log(
            System.Logger.Level.WARNING,
            "tracker {0} refused node {1}: {2}",
            tracker,
            identity.nodeId(),
            e.getMessage());
        if (!pause(backoff.next())) {
          return;
        }
      } catch (IOException e) {
        if (closed) {
          return;
        }
        failures.incrementAndGet();
        members.forget(tracker);
        LOG.log(
            backoff.failures() == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
            "tracker {0} link failed for node {1}: {2}",
            tracker,
            identity.nodeId(),
            e.toString());
        if (!pause(backoff.next())) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "tracker link to " + tracker + " failed unexpectedly for node " + identity.nodeId(),
            e);
        if (!pause(backoff.next())) {
          return;
        }
      }
    }
  }

  /**
   * Beats again now rather than at the next interval: the node's state changed (SYNCING to ACTIVE),
   * and the trackers should route by the new one at once.
   */
  public void nudge() {
    nudges.incrementAndGet();
    for (Thread t : threads) {
      java.util.concurrent.locks.LockSupport.unpark(t);
    }
  }

  /**
   * Waits for the next beat: the interval after the last one, or a nudge (a state change, a request
   * that needs a current member list) — but never sooner than {@link #MIN_GAP} after the last one,
   * so a stream of nudges costs the tracker at most one beat per gap (they share the next one).
   */
  private void awaitNextBeat(Duration interval, long seen, long lastSentNanos)
      throws InterruptedException {
    long deadline = lastSentNanos + interval.toNanos();
    while (!closed && nudges.get() == seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    long gap = lastSentNanos + MIN_GAP.toNanos() - System.nanoTime();
    if (gap > 0 && !closed) {
      Thread.sleep(Duration.ofNanos(gap));
    }
  }

  /** Shortest time between two beats of one link. */
  public static final Duration MIN_GAP = Duration.ofMillis(50);

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static String localHostName() {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      return h.length() > 128 ? h.substring(0, 128) : h;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
