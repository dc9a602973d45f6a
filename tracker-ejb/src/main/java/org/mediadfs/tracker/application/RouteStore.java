package org.mediadfs.tracker.application;

import java.util.Optional;

/** The durable user-to-group routes ({@code t_router}, unique per user). */
public interface RouteStore {
  /** The user's group, if routed. */
  Optional<String> find(String userId);

  /**
   * Inserts a first route in a transaction of its own and commits it.
   *
   * @throws RuntimeException if the database refused it, in particular because another tracker or
   *     request routed the user first (unique key): the caller then reads the winner's route
   */
  void insert(String appId, String userId, String groupName);
}
