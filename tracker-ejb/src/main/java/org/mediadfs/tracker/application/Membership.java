package org.mediadfs.tracker.application;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.mediadfs.tracker.domain.NodeKey;
import org.mediadfs.tracker.domain.StorageNode;

/**
 * The durable registry: registered groups and apps, and every node's membership. Implemented with
 * JPA in the container ({@code JpaMembership}); every method may throw a {@link RuntimeException}
 * when the database fails.
 */
public interface Membership {
  /** Inserts the apps and groups that are missing; existing rows are left alone (idempotent). */
  void seed(Collection<String> apps, Collection<String> groups);

  /** Every registered group name. */
  Set<String> groupNames();

  /** Every registered app ID. */
  Set<String> appIds();

  /** Registers a group if it is missing; true if this call created it. */
  boolean registerGroup(String name);

  /** Records a node's join: creates its row or updates address, version and times. */
  void recordJoin(StorageNode.JoinRecord join);

  /** Registers an app ID if it is missing; true if this call created it (the admin API). */
  boolean registerApp(String appId);

  /** What {@link #removeGroup} did. */
  enum GroupRemoval {
    REMOVED,
    NOT_FOUND,
    HAS_NODES
  }

  /**
   * Removes a group no node belongs to (nodes that left after a decommission do not count), with
   * the user routes that point to it (a group without nodes holds no files).
   */
  GroupRemoval removeGroup(String name);

  /** Records that a node was asked to drain (decommissioned). */
  void markDecommissioned(NodeKey key, Instant at);

  /** Records that a drained node left the cluster: it may not join again under this key. */
  void markLeft(NodeKey key, Instant at);

  /** The keys ({@link NodeKey#value()}) of nodes asked to drain that have not left yet. */
  Set<String> decommissioning();

  /** True if the node left the cluster after a decommission. */
  boolean hasLeft(NodeKey key);
}
