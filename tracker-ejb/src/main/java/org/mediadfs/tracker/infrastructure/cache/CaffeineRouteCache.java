package org.mediadfs.tracker.infrastructure.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.mediadfs.tracker.application.RouteCache;

/** The in-process route cache used when no Redis is configured: bounded, entries expire. */
public final class CaffeineRouteCache implements RouteCache {
  private final Cache<String, String> cache;

  public CaffeineRouteCache(Duration ttl, long maxEntries) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
  }

  @Override
  public Optional<String> get(String userId) {
    return Optional.ofNullable(cache.getIfPresent(userId));
  }

  @Override
  public void put(String userId, String groupName) {
    cache.put(userId, groupName);
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }
}
