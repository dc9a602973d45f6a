package org.mediadfs.tracker.application;

import java.util.Collection;
import java.util.Set;
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
}
