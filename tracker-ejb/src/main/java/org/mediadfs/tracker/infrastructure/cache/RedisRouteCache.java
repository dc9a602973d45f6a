package org.mediadfs.tracker.infrastructure.cache;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import org.mediadfs.tracker.application.RouteCache;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The route cache in Redis (Redisson), shared by every tracker: key {@code
 * <prefix>:tracker:userid:<userId>} (the original's {@code tracker:userid:<userid>} under the
 * configured prefix), value the group name, with a TTL. A Redis failure is logged and treated as a
 * miss: the database stays the truth and requests keep working.
 */
public final class RedisRouteCache implements RouteCache {
  private static final System.Logger LOG = System.getLogger(RedisRouteCache.class.getName());

  private final RedissonClient client;
  private final boolean ownsClient;
  private final String prefix;
  private final Duration ttl;

  /**
   * Connects to {@code address} ({@code host:port} or a {@code redis://} URI), with {@code
   * password} unless it is empty.
   */
  public static RedisRouteCache connect(
      String address, String password, String prefix, Duration ttl) {
    Config config = new Config();
    config
        .useSingleServer()
        .setPassword(password.isEmpty() ? null : password)
        .setAddress(uri(address))
        .setConnectionMinimumIdleSize(2)
        .setConnectionPoolSize(32)
        .setConnectTimeout(2000)
        .setTimeout(2000)
        .setRetryAttempts(1);
    config.setCodec(StringCodec.INSTANCE);
    return new RedisRouteCache(Redisson.create(config), true, prefix, ttl);
  }

  /** Uses an existing client (tests); it is not shut down by {@link #close()}. */
  public RedisRouteCache(RedissonClient client, String prefix, Duration ttl) {
    this(client, false, prefix, ttl);
  }

  private RedisRouteCache(RedissonClient client, boolean owns, String prefix, Duration ttl) {
    this.client = client;
    this.ownsClient = owns;
    this.prefix = prefix;
    this.ttl = ttl;
  }

  static String uri(String address) {
    return address.contains("://") ? address : "redis://" + address;
  }

  /** The Redis key of a user's route. */
  public String key(String userId) {
    return prefix + ":tracker:userid:" + userId;
  }

  @Override
  public Optional<String> get(String userId) {
    try {
      String v = client.<String>getBucket(key(userId), StringCodec.INSTANCE).get();
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "route cache read failed for " + userId + ": " + e);
      return Optional.empty();
    }
  }

  @Override
  public void put(String userId, String groupName) {
    try {
      client.<String>getBucket(key(userId), StringCodec.INSTANCE).set(groupName, ttl);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "route cache write failed for " + userId + ": " + e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.shutdown();
    }
  }
}
