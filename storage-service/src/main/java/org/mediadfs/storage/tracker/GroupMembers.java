package org.mediadfs.storage.tracker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Member;

/**
 * The members of this node's group as the trackers last listed them (the extended heartbeat's
 * reply). Replication (issue 5) learns its peers here, never from hand-written lists. Each
 * tracker's latest list is kept; the merged view prefers the most recent entry per node ID.
 */
public final class GroupMembers {
  private final String selfNodeId;
  private final Map<HostPort, List<Member>> byTracker = new ConcurrentHashMap<>();
  private volatile int drainFlags;
  private volatile boolean known;

  public GroupMembers(String selfNodeId) {
    this.selfNodeId = selfNodeId;
  }

  private final Object updated = new Object();
  private long latestAskedNanos; // guarded by updated

  /**
   * Records one tracker's answer.
   *
   * @param askedAtNanos {@link System#nanoTime} when the heartbeat it answers was sent
   */
  public void update(HostPort tracker, int flags, List<Member> members, long askedAtNanos) {
    byTracker.put(tracker, List.copyOf(members));
    drainFlags = flags;
    synchronized (updated) {
      if (!known || askedAtNanos - latestAskedNanos > 0) {
        latestAskedNanos = askedAtNanos;
      }
      known = true;
      updated.notifyAll();
    }
  }

  /**
   * Waits for a list that a tracker gave in answer to a heartbeat sent at or after {@code nanos}
   * ({@link System#nanoTime}): it names every member that had joined by then.
   *
   * @return false when the timeout passed first
   */
  public boolean awaitAskedSince(long nanos, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (updated) {
      while (!known || latestAskedNanos - nanos < 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(updated, left);
      }
      return true;
    }
  }

  /** True once any tracker has answered a heartbeat (stays true through tracker outages). */
  public boolean known() {
    return known;
  }

  /** Forgets a tracker's answer (its link failed). */
  public void forget(HostPort tracker) {
    byTracker.remove(tracker);
  }

  /** Every member any tracker lists, this node included, one entry per node ID. */
  public List<Member> all() {
    Map<String, Member> merged = new LinkedHashMap<>();
    for (List<Member> list : byTracker.values()) {
      for (Member m : list) {
        merged.putIfAbsent(m.nodeId(), m);
      }
    }
    return new ArrayList<>(merged.values());
  }

  /** The other members. */
  public List<Member> peers() {
    return all().stream().filter(m -> !m.nodeId().equals(selfNodeId)).toList();
  }

  /** The flags of the last reply (bit 0: drain). */
  public int flags() {
    return drainFlags;
  }
}
