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
 * miss: the database stays the truth and requests keep working. After a failure Redis is left alone
 * for {@link #PAUSE_AFTER_FAILURE}, so an outage costs one Redis timeout per pause instead of one
 * per lookup (the fault suite measured 1.6 s per route lookup while Redis was down:
 * redisOutageStalledEveryLookupOnRedisTimeouts). Routes never change, so skipping Redis can never
 * leave a wrong entry behind.
 */
public final class RedisRouteCache implements RouteCache {
  private static final System.Logger LOG = System.getLogger(RedisRouteCache.class.getName());

  /**
   * How long Redis is not asked after it failed; doubled after each failed retry, up to a minute.
   */
  static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);

  private static final long MAX_PAUSE_NANOS = Duration.ofMinutes(1).toNanos();

  private final RedissonClient client;
  private final boolean ownsClient;
  private final String prefix;
  private final Duration ttl;

  /** {@link System#nanoTime()} until which Redis is not asked; meaningful while {@link #paused}. */
  private volatile long pausedUntil;

  private volatile boolean paused;

  /** The next pause; grows while Redis keeps failing (a hung Redis costs a timeout per retry). */
  private volatile long pauseNanos = PAUSE_AFTER_FAILURE.toNanos();

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
        // A route from Redis later than this is worth less than the database's; no retries: a
        // miss falls back to the database.
        .setTimeout(1000)
        .setRetryAttempts(0);
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
    if (pausing()) {
      return Optional.empty();
    }
    try {
      String v = client.<String>getBucket(key(userId), StringCodec.INSTANCE).get();
      pauseNanos = PAUSE_AFTER_FAILURE.toNanos();
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (RuntimeException e) {
      failed("read", userId, e);
      return Optional.empty();
    }
  }

  @Override
  public void put(String userId, String groupName) {
    if (pausing()) {
      return;
    }
    try {
      client.<String>getBucket(key(userId), StringCodec.INSTANCE).set(groupName, ttl);
      pauseNanos = PAUSE_AFTER_FAILURE.toNanos();
    } catch (RuntimeException e) {
      failed("write", userId, e);
    }
  }

  /** True while Redis is left alone after a failure. */
  private boolean pausing() {
    if (!paused) {
      return false;
    }
    if (System.nanoTime() - pausedUntil < 0) {
      return true;
    }
    paused = false;
    LOG.log(Level.INFO, "route cache: asking Redis again");
    return false;
  }

  private void failed(String what, String userId, RuntimeException e) {
    long pause = pauseNanos;
    pausedUntil = System.nanoTime() + pause;
    paused = true;
    pauseNanos = Math.min(MAX_PAUSE_NANOS, pause * 2);
    LOG.log(
        Level.WARNING,
        () ->
            "route cache "
                + what
                + " failed for "
                + userId
                + "; the database answers alone for "
                + pause / 1_000_000_000L
                + " s: "
                + e);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.shutdown();
    }
  }
}
