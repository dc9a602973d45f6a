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
  private long updates; // guarded by updated
  private volatile long lastUpdateMillis;

  /** Records one tracker's answer. */
  public void update(HostPort tracker, int flags, List<Member> members) {
    byTracker.put(tracker, List.copyOf(members));
    drainFlags = flags;
    known = true;
    lastUpdateMillis = System.currentTimeMillis();
    synchronized (updated) {
      updates++;
      updated.notifyAll();
    }
  }

  /** Answers recorded so far (for {@link #awaitUpdate}). */
  public long updates() {
    synchronized (updated) {
      return updates;
    }
  }

  /** Wall-clock millis of the last answer; 0 before the first. */
  public long lastUpdateMillis() {
    return lastUpdateMillis;
  }

  /**
   * Waits until a tracker answers after the {@code seen}-th answer.
   *
   * @return false when the timeout passed first
   */
  public boolean awaitUpdate(long seen, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (updated) {
      while (updates <= seen) {
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
