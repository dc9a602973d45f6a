package org.mediadfs.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.mediadfs.wire.Names;

/**
 * Every setting of the tracker, read once at start from MicroProfile Config (system properties,
 * environment variables such as {@code MEDIADFS_TRACKER_PORT}, then {@code
 * microprofile-config.properties}). Each key is a constant here and each default is written once.
 *
 * @param bind address to listen on
 * @param port TCP port; 0 picks a free one (tests)
 * @param apps app IDs seeded into the database at start (the original's {@code tnv_apps_id})
 * @param groups group names seeded into the database at start (the original's {@code
 *     t_groups_info})
 * @param autoRegisterGroups when true, a join to an unknown group registers it; otherwise it is
 *     refused with UNKNOWN_GROUP
 * @param clusterSecret the HELLO secret; when not empty, nodes must pass HELLO before joining
 * @param redisAddress {@code host:port} (or a {@code redis://} URI) of the route cache, empty for
 *     the in-process cache
 * @param redisPassword the Redis password, empty for none
 * @param redisPrefix prefix of every Redis key
 * @param routeTtl how long a cached route lives
 * @param missedBeats a node is OFFLINE after this many heartbeat intervals without a beat
 * @param idleTimeout a silent connection is closed after this
 * @param maxConnections connections open at once
 */
public record TrackerConfig(
    String bind,
    int port,
    List<String> apps,
    List<String> groups,
    boolean autoRegisterGroups,
    String clusterSecret,
    String redisAddress,
    String redisPassword,
    String redisPrefix,
    Duration routeTtl,
    int missedBeats,
    Duration idleTimeout,
    int maxConnections) {
  public static final String BIND = "mediadfs.tracker.bind";
  public static final String PORT = "mediadfs.tracker.port";
  public static final String APPS = "mediadfs.tracker.apps";
  public static final String GROUPS = "mediadfs.tracker.groups";
  public static final String AUTO_REGISTER_GROUPS = "mediadfs.tracker.auto-register-groups";
  public static final String CLUSTER_SECRET = "mediadfs.cluster.secret";
  public static final String REDIS_ADDRESS = "mediadfs.redis.address";
  public static final String REDIS_PASSWORD = "mediadfs.redis.password";
  public static final String REDIS_PREFIX = "mediadfs.redis.prefix";
  public static final String ROUTE_TTL_SECONDS = "mediadfs.tracker.route-ttl-seconds";
  public static final String MISSED_BEATS = "mediadfs.tracker.missed-beats";
  public static final String IDLE_SECONDS = "mediadfs.tracker.idle-timeout-seconds";
  public static final String MAX_CONNECTIONS = "mediadfs.tracker.max-connections";

  public TrackerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + " out of range: " + port);
    }
    apps = List.copyOf(apps);
    groups = List.copyOf(groups);
    for (String a : apps) {
      if (!Names.validAppId(a)) {
        throw new IllegalArgumentException(APPS + ": invalid app ID " + Names.quote(a));
      }
    }
    for (String g : groups) {
      if (!Names.validGroupName(g)) {
        throw new IllegalArgumentException(GROUPS + ": invalid group name " + Names.quote(g));
      }
    }
    if (missedBeats < 1) {
      throw new IllegalArgumentException(MISSED_BEATS + " must be at least 1");
    }
    if (routeTtl.isNegative()
        || routeTtl.isZero()
        || idleTimeout.isNegative()
        || idleTimeout.isZero()) {
      throw new IllegalArgumentException(
          ROUTE_TTL_SECONDS + " and " + IDLE_SECONDS + " must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(MAX_CONNECTIONS + " must be positive");
    }
    if (redisPrefix.isBlank()) {
      throw new IllegalArgumentException(REDIS_PREFIX + " must not be blank");
    }
  }

  /** Reads and validates every key. */
  public static TrackerConfig from(Config c) {
    return new TrackerConfig(
        c.getOptionalValue(BIND, String.class).orElse("0.0.0.0"),
        c.getOptionalValue(PORT, Integer.class).orElse(21000),
        Names.split(c.getOptionalValue(APPS, String.class).orElse("tnvideo")),
        Names.split(c.getOptionalValue(GROUPS, String.class).orElse("group001;group002")),
        c.getOptionalValue(AUTO_REGISTER_GROUPS, Boolean.class).orElse(false),
        c.getOptionalValue(CLUSTER_SECRET, String.class).orElse(""),
        c.getOptionalValue(REDIS_ADDRESS, String.class).orElse("").strip(),
        c.getOptionalValue(REDIS_PASSWORD, String.class).orElse(""),
        c.getOptionalValue(REDIS_PREFIX, String.class).orElse("mediadfs"),
        Duration.ofSeconds(c.getOptionalValue(ROUTE_TTL_SECONDS, Long.class).orElse(60L)),
        c.getOptionalValue(MISSED_BEATS, Integer.class).orElse(3),
        Duration.ofSeconds(c.getOptionalValue(IDLE_SECONDS, Long.class).orElse(300L)),
        c.getOptionalValue(MAX_CONNECTIONS, Integer.class).orElse(4096));
  }

  /** The socket address to bind. */
  public InetSocketAddress address() {
    return new InetSocketAddress(bind, port);
  }

  /** True when routes are cached in Redis. */
  public boolean redisEnabled() {
    return !redisAddress.isEmpty();
  }
}
