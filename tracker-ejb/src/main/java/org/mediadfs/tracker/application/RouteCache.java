package org.mediadfs.tracker.application;

import java.util.Optional;

/**
 * A cache of user-to-group routes in front of the database: Redis when configured, in-process
 * otherwise; the behaviour is the same either way. Routes never change, so entries are never
 * invalidated, only expired. A cache failure is a miss, never a failed request.
 */
public interface RouteCache extends AutoCloseable {
  /** The cached group of a user. */
  Optional<String> get(String userId);

  /** Caches a route. */
  void put(String userId, String groupName);

  @Override
  void close();
}
