package org.mediadfs.tracker.application;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Supplier;
import org.mediadfs.wire.ErrorCode;

/**
 * Sticky user-to-group routing (seed-reference §4.5 step 2, bug 13 fixed): cache, then database,
 * then a new route chosen by the caller, inserted in its own transaction; if the insert fails
 * because someone routed the user first, the winner's route is read back and used. Every route
 * found or made is cached (the original did not cache new ones).
 */
public final class Router {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());

  private final RouteStore store;
  private final RouteCache cache;

  public Router(RouteStore store, RouteCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /**
   * The user's group.
   *
   * @param chooser picks a group for a user seen for the first time; empty when none can take one
   * @throws TrackerException NO_GROUP when a new user cannot be placed, UNAVAILABLE when the
   *     database fails
   */
  public String groupOf(String appId, String userId, Supplier<Optional<String>> chooser)
      throws TrackerException {
    Optional<String> cached = cache.get(userId);
    if (cached.isPresent()) {
      return cached.get();
    }
    String group = stored(userId).orElse(null);
    if (group == null) {
      String chosen =
          chooser
              .get()
              .orElseThrow(
                  () ->
                      new TrackerException(
                          ErrorCode.NO_GROUP, "no group has an active storage node"));
      try {
        store.insert(appId, userId, chosen);
        group = chosen;
        String g = group;
        LOG.log(Level.INFO, () -> "routed new user " + userId + " (app " + appId + ") to " + g);
      } catch (RuntimeException e) {
        // Most likely a concurrent first request or another tracker won: use its route.
        group =
            stored(userId)
                .orElseThrow(
                    () ->
                        new TrackerException(
                            ErrorCode.UNAVAILABLE, "cannot store the route of " + userId, e));
        String g = group;
        LOG.log(Level.INFO, () -> "user " + userId + " was routed concurrently to " + g);
      }
    }
    cache.put(userId, group);
    return group;
  }

  private Optional<String> stored(String userId) throws TrackerException {
    try {
      return store.find(userId);
    } catch (RuntimeException e) {
      throw new TrackerException(ErrorCode.UNAVAILABLE, "cannot read the route of " + userId, e);
    }
  }
}
