package org.mediadfs.storage;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.HostPort;

/**
 * Everything a storage node is configured with, read once at start and validated as a whole (style
 * rule 8): the only place that reads settings. Every other class receives this record (or a part of
 * it) by constructor.
 *
 * <p>Sources, highest priority first: system properties ({@code -Dmediadfs.storage.port=23001}),
 * environment variables ({@code MEDIADFS_STORAGE_PORT=23001}), the optional {@code --config} file,
 * then the defaults written once in {@link Keys}. Invariants after {@link #from(Config)}: every
 * value is in range, lists are non-empty, store roots are distinct absolute paths.
 *
 * @param group the group this node belongs to (valid group name)
 * @param bindAddress the local address to listen on
 * @param advertisedHost the host clients and peers are told to use (differs behind NAT)
 * @param port the TCP port; 0 binds an ephemeral port (embedded tests) and advertises it
 * @param dataDir node ID, embedded database, quarantine bookkeeping
 * @param roots the store roots (disks) with the space each keeps free
 * @param syncMode how uploads are made durable (see {@code Durability})
 * @param trackers every tracker; the node joins and heartbeats each one
 * @param idServers ID servers, tried in turn
 * @param idPrefetch IDs fetched ahead for uploads (0 = fetch each on demand)
 * @param heartbeatSeconds interval of the extended heartbeat
 * @param clusterSecret shared secret for HELLO; empty when the cluster has none
 * @param database metadata database
 * @param cache lookup cache (Redis or in-process)
 * @param limits request and connection limits
 * @param retention when soft-deleted files and tombstones go
 * @param maintenance start-up reconcile and scrubber settings
 * @param replication replication mode (issue 5)
 * @param httpPort port of the health endpoint; -1 disables it, 0 binds an ephemeral port
 */
public record StorageConfig(
    String group,
    String bindAddress,
    String advertisedHost,
    int port,
    Path dataDir,
    List<RootSpec> roots,
    SyncMode syncMode,
    List<HostPort> trackers,
    List<HostPort> idServers,
    int idPrefetch,
    int heartbeatSeconds,
    Optional<String> clusterSecret,
    Database database,
    Cache cache,
    Limits limits,
    Retention retention,
    Maintenance maintenance,
    Replication replication,
    int httpPort) {

  /** Every configuration key, with its default written once. */
  public static final class Keys {
    private Keys() {}

    public static final String PREFIX = "mediadfs.storage.";
    public static final String GROUP = PREFIX + "group";
    public static final String BIND = PREFIX + "bind";
    public static final String HOST = PREFIX + "host";
    public static final String PORT = PREFIX + "port";
    public static final String DATA_DIR = PREFIX + "data-dir";
    public static final String ROOTS = PREFIX + "roots";
    public static final String RESERVED = PREFIX + "reserved";
    public static final String SYNC_MODE = PREFIX + "sync-mode";
    public static final String TRACKERS = PREFIX + "trackers";
    public static final String ID_SERVERS = PREFIX + "id-servers";
    public static final String ID_PREFETCH = PREFIX + "id-prefetch";
    public static final String HEARTBEAT_SECONDS = PREFIX + "heartbeat-seconds";
    public static final String DB_URL = PREFIX + "db.url";
    public static final String DB_USER = PREFIX + "db.user";
    public static final String DB_PASSWORD = PREFIX + "db.password";
    public static final String DB_POOL_SIZE = PREFIX + "db.pool-size";
    public static final String DB_QUERY_TIMEOUT_SECONDS = PREFIX + "db.query-timeout-seconds";
    public static final String MAX_UPLOAD = PREFIX + "max-upload";
    public static final String IDLE_TIMEOUT_SECONDS = PREFIX + "idle-timeout-seconds";
    public static final String READ_TIMEOUT_SECONDS = PREFIX + "read-timeout-seconds";
    public static final String MAX_CONNECTIONS = PREFIX + "max-connections";
    public static final String CACHE_TTL_SECONDS = PREFIX + "cache.ttl-seconds";
    public static final String CACHE_MAX_ENTRIES = PREFIX + "cache.max-entries";
    public static final String DELETE_RETENTION_SECONDS = PREFIX + "delete-retention-seconds";
    public static final String TOMBSTONE_RETENTION_SECONDS = PREFIX + "tombstone-retention-seconds";
    public static final String QUARANTINE_GRACE_SECONDS = PREFIX + "quarantine-grace-seconds";
    public static final String SCRUB_BYTES_PER_SECOND = PREFIX + "scrub.bytes-per-second";
    public static final String SCRUB_INTERVAL_SECONDS = PREFIX + "scrub.interval-seconds";
    public static final String REPLICATION_MODE = PREFIX + "replication.mode";
    public static final String REPLICATION_SYNC_TIMEOUT_MS = PREFIX + "replication.sync-timeout-ms";
    public static final String REPLICATION_BANDWIDTH = PREFIX + "replication.bandwidth";
    public static final String HTTP_PORT = PREFIX + "http-port";
    public static final String CLUSTER_SECRET = "mediadfs.cluster.secret";
    public static final String REDIS_ADDRESS = "mediadfs.redis.address";
    public static final String REDIS_PASSWORD = "mediadfs.redis.password";
    public static final String REDIS_PREFIX = "mediadfs.redis.prefix";

    static final Map<String, String> DEFAULTS =
        Map.ofEntries(
            Map.entry(BIND, "0.0.0.0"),
            Map.entry(HOST, "127.0.0.1"),
            Map.entry(PORT, "23000"),
            Map.entry(DATA_DIR, "./var/storage"),
            Map.entry(RESERVED, "1G"),
            Map.entry(SYNC_MODE, "auto"),
            Map.entry(TRACKERS, "127.0.0.1:21000"),
            Map.entry(ID_SERVERS, "127.0.0.1:22000"),
            Map.entry(ID_PREFETCH, "128"),
            Map.entry(HEARTBEAT_SECONDS, "10"),
            Map.entry(DB_PASSWORD, ""),
            Map.entry(DB_POOL_SIZE, "8"),
            Map.entry(DB_QUERY_TIMEOUT_SECONDS, "10"),
            Map.entry(MAX_UPLOAD, "16G"),
            Map.entry(IDLE_TIMEOUT_SECONDS, "300"),
            Map.entry(READ_TIMEOUT_SECONDS, "30"),
            Map.entry(MAX_CONNECTIONS, "4096"),
            Map.entry(CACHE_TTL_SECONDS, "60"),
            Map.entry(CACHE_MAX_ENTRIES, "100000"),
            Map.entry(DELETE_RETENTION_SECONDS, String.valueOf(7 * 24 * 3600)),
            Map.entry(TOMBSTONE_RETENTION_SECONDS, String.valueOf(30 * 24 * 3600)),
            Map.entry(QUARANTINE_GRACE_SECONDS, "600"),
            Map.entry(SCRUB_BYTES_PER_SECOND, "8M"),
            Map.entry(SCRUB_INTERVAL_SECONDS, String.valueOf(24 * 3600)),
            Map.entry(REPLICATION_MODE, "async"),
            Map.entry(REPLICATION_SYNC_TIMEOUT_MS, "5000"),
            Map.entry(REPLICATION_BANDWIDTH, "0"),
            Map.entry(HTTP_PORT, "-1"),
            Map.entry(REDIS_PREFIX, "mediadfs"));
  }

  /**
   * One store root.
   *
   * @param path absolute, normalized
   * @param reservedBytes bytes the node leaves free on the root's file system
   */
  public record RootSpec(Path path, long reservedBytes) {}

  /**
   * The metadata database.
   *
   * @param url JDBC URL: {@code jdbc:h2:...} (embedded, default) or {@code jdbc:mysql://...}
   * @param user user name; empty means "sa" for H2 and the URL's {@code user} (or the driver's
   *     default) for MySQL
   * @param password password (never logged); empty means none or the URL's
   * @param poolSize connections in the pool
   * @param queryTimeout applied to every statement
   */
  public record Database(
      String url, String user, String password, int poolSize, Duration queryTimeout) {
    /** True for the MySQL (or MariaDB) mode, where several nodes may share one database. */
    public boolean isMySql() {
      return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
    }

    @Override
    public String toString() {
      return "Database[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
  }

  /**
   * The lookup cache.
   *
   * @param redisAddress {@code host:port} of Redis, or empty for the in-process cache
   * @param redisPassword Redis password, or empty
   * @param redisPrefix first part of every Redis key
   * @param ttl time to live of a cached lookup
   * @param maxEntries size of the in-process cache
   */
  public record Cache(
      Optional<String> redisAddress,
      Optional<String> redisPassword,
      String redisPrefix,
      Duration ttl,
      long maxEntries) {
    @Override
    public String toString() {
      return "Cache[redis=" + redisAddress.orElse("none") + ", prefix=" + redisPrefix + "]";
    }
  }

  /**
   * Request and connection limits.
   *
   * @param maxUpload largest file accepted (TOO_LARGE above, before the body is read)
   * @param idleTimeout a connection with no request for this long is closed
   * @param readTimeout a request (or reply) that makes no progress for this long is abandoned
   * @param maxConnections connections above this get BUSY and are closed
   */
  public record Limits(
      long maxUpload, Duration idleTimeout, Duration readTimeout, int maxConnections) {}

  /**
   * Delete retention (architecture decision 6).
   *
   * @param deleted soft-deleted files are purged after this; zero purges at once (the original's
   *     hard delete)
   * @param tombstone purged rows (tombstones for replication) are removed after this
   */
  public record Retention(Duration deleted, Duration tombstone) {}

  /**
   * Background maintenance.
   *
   * @param quarantineGrace a file without a row younger than this is left alone (an upload may be
   *     committing it)
   * @param scrubBytesPerSecond rate of the checksum scrubber; 0 disables it
   * @param scrubInterval pause between two full scrub passes
   */
  public record Maintenance(
      Duration quarantineGrace, long scrubBytesPerSecond, Duration scrubInterval) {}

  /** How uploads are made durable before their row is committed. */
  public enum SyncMode {
    /** syncfs where available (Linux), else fsync. */
    AUTO,
    /** One syncfs per file system per commit batch; refuses to start where unavailable. */
    SYNCFS,
    /** One fsync per file and per directory. */
    FSYNC
  }

  /** How uploads wait for peers (issue 5). */
  public enum ReplicationMode {
    /** Acknowledge after the local durable write. */
    ASYNC,
    /** Acknowledge when every active member has the file, or after the sync timeout. */
    SYNC
  }

  /**
   * Replication settings (issue 5).
   *
   * @param mode async or sync
   * @param syncTimeout how long sync mode waits for peers
   * @param bandwidthBytesPerSecond cap on copy traffic; 0 = unlimited
   */
  public record Replication(
      ReplicationMode mode, Duration syncTimeout, long bandwidthBytesPerSecond) {}

  public StorageConfig {
    roots = List.copyOf(roots);
    trackers = List.copyOf(trackers);
    idServers = List.copyOf(idServers);
  }

  /**
   * Loads the configuration: the optional properties file, then environment variables, then system
   * properties (each overriding the one before).
   *
   * @param file the {@code --config} file, if any
   * @throws ConfigException if the file cannot be read or a value is invalid
   */
  public static StorageConfig load(Optional<Path> file) throws ConfigException {
    SmallRyeConfigBuilder b = new SmallRyeConfigBuilder().addSystemSources();
    if (file.isPresent()) {
      try {
        b.withSources(new PropertiesConfigSource(file.get().toUri().toURL(), 200));
      } catch (IOException e) {
        throw new ConfigException(
            List.of("cannot read config file " + file.get() + ": " + e.getMessage()));
      }
    }
    return from(b.build());
  }

  /** Builds the configuration from explicit properties only (embedded nodes, tests, tools). */
  public static StorageConfig fromMap(Map<String, String> properties) throws ConfigException {
    return from(
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(properties, "embedded", 200))
            .build());
  }

  /**
   * Reads and validates every key.
   *
   * @throws ConfigException listing every problem found
   */
  public static StorageConfig from(Config config) throws ConfigException {
    Reader r = new Reader(config);
    String group = r.string(Keys.GROUP, null);
    if (group != null && !Names.validGroupName(group)) {
      r.problem(Keys.GROUP, "'" + group + "' is not a group name ([A-Za-z0-9], 1-16 chars)");
    }
    String bind = r.string(Keys.BIND, Keys.DEFAULTS.get(Keys.BIND));
    if (bind != null) {
      try {
        InetAddress.ofLiteral(bind);
      } catch (IllegalArgumentException e) {
        try {
          InetAddress.getByName(bind);
        } catch (UnknownHostException ex) {
          r.problem(Keys.BIND, "cannot resolve '" + bind + "'");
        }
      }
    }
    String host = r.string(Keys.HOST, Keys.DEFAULTS.get(Keys.HOST));
    if (host != null && (host.length() > 128 || host.contains(":") && !host.contains("::"))) {
      r.problem(Keys.HOST, "not a host name or address: '" + host + "'");
    }
    int port = r.integer(Keys.PORT, 0, 65535);
    Path dataDir = r.path(Keys.DATA_DIR);

    List<Path> rootPaths = new ArrayList<>();
    String rootsText = r.string(Keys.ROOTS, null);
    if (rootsText != null) {
      for (String piece : Names.split(rootsText)) {
        try {
          rootPaths.add(Path.of(piece).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
          r.problem(Keys.ROOTS, "not a path: '" + piece + "'");
        }
      }
      if (rootPaths.isEmpty()) {
        r.problem(Keys.ROOTS, "no store root given");
      }
      Set<Path> seen = new HashSet<>();
      for (Path p : rootPaths) {
        if (!seen.add(p)) {
          r.problem(Keys.ROOTS, "store root listed twice: " + p);
        }
        for (Path q : rootPaths) {
          if (!p.equals(q) && p.startsWith(q)) {
            r.problem(Keys.ROOTS, "store root " + p + " lies inside store root " + q);
          }
        }
      }
    }
    List<RootSpec> roots = new ArrayList<>();
    String reservedText = r.string(Keys.RESERVED, Keys.DEFAULTS.get(Keys.RESERVED));
    if (reservedText != null && !rootPaths.isEmpty()) {
      List<String> sizes = Names.split(reservedText);
      if (sizes.size() != 1 && sizes.size() != rootPaths.size()) {
        r.problem(
            Keys.RESERVED,
            "give one size for every root or one size per root ("
                + rootPaths.size()
                + " roots, "
                + sizes.size()
                + " sizes)");
      } else {
        for (int i = 0; i < rootPaths.size(); i++) {
          String s = sizes.get(sizes.size() == 1 ? 0 : i);
          try {
            roots.add(new RootSpec(rootPaths.get(i), Sizes.parse(s)));
          } catch (IllegalArgumentException e) {
            r.problem(Keys.RESERVED, e.getMessage());
          }
        }
      }
    }

    SyncMode syncMode = SyncMode.AUTO;
    String syncText = r.string(Keys.SYNC_MODE, Keys.DEFAULTS.get(Keys.SYNC_MODE));
    if (syncText != null) {
      try {
        syncMode = SyncMode.valueOf(syncText.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        r.problem(Keys.SYNC_MODE, "must be auto, syncfs or fsync, not '" + syncText + "'");
      }
    }

    List<HostPort> trackers = r.addresses(Keys.TRACKERS);
    List<HostPort> idServers = r.addresses(Keys.ID_SERVERS);
    int idPrefetch = r.integer(Keys.ID_PREFETCH, 0, 10_000);
    int heartbeat = r.integer(Keys.HEARTBEAT_SECONDS, 1, 3600);

    String secret = r.string(Keys.CLUSTER_SECRET, "");
    Optional<String> clusterSecret =
        secret == null || secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    if (clusterSecret.isPresent() && secret.length() < 8) {
      r.problem(Keys.CLUSTER_SECRET, "a cluster secret must be at least 8 characters");
    }

    String dbUrl = r.string(Keys.DB_URL, "");
    if ((dbUrl == null || dbUrl.isEmpty()) && dataDir != null) {
      dbUrl = defaultH2Url(dataDir);
    }
    if (dbUrl != null
        && !dbUrl.startsWith("jdbc:h2:")
        && !dbUrl.startsWith("jdbc:mysql:")
        && !dbUrl.startsWith("jdbc:mariadb:")) {
      r.problem(Keys.DB_URL, "only jdbc:h2: and jdbc:mysql: URLs are supported: " + dbUrl);
    }
    Database database =
        new Database(
            dbUrl,
            r.string(Keys.DB_USER, ""),
            r.string(Keys.DB_PASSWORD, ""),
            r.integer(Keys.DB_POOL_SIZE, 2, 256),
            Duration.ofSeconds(r.integer(Keys.DB_QUERY_TIMEOUT_SECONDS, 1, 3600)));

    String redis = r.string(Keys.REDIS_ADDRESS, "");
    Optional<String> redisAddress = Optional.empty();
    if (redis != null && !redis.isBlank()) {
      String a = redis.strip();
      String hp = a.replaceFirst("^rediss?://", "");
      try {
        HostPort.parse(hp);
        redisAddress = Optional.of(a.contains("://") ? a : "redis://" + a);
      } catch (IllegalArgumentException e) {
        r.problem(Keys.REDIS_ADDRESS, "not host:port: '" + redis + "'");
      }
    }
    String redisPassword = r.string(Keys.REDIS_PASSWORD, "");
    String redisPrefix = r.string(Keys.REDIS_PREFIX, Keys.DEFAULTS.get(Keys.REDIS_PREFIX));
    if (redisPrefix != null && (redisPrefix.isEmpty() || redisPrefix.length() > 64)) {
      r.problem(Keys.REDIS_PREFIX, "must be 1-64 characters");
    }
    Cache cache =
        new Cache(
            redisAddress,
            redisPassword == null || redisPassword.isEmpty()
                ? Optional.empty()
                : Optional.of(redisPassword),
            redisPrefix,
            Duration.ofSeconds(r.integer(Keys.CACHE_TTL_SECONDS, 1, 86400)),
            r.longValue(Keys.CACHE_MAX_ENTRIES, 0, 100_000_000L, Long::parseLong));

    Limits limits =
        new Limits(
            r.longValue(Keys.MAX_UPLOAD, 1, 1L << 42, Sizes::parse),
            Duration.ofSeconds(r.integer(Keys.IDLE_TIMEOUT_SECONDS, 1, 86400)),
            Duration.ofSeconds(r.integer(Keys.READ_TIMEOUT_SECONDS, 1, 3600)),
            r.integer(Keys.MAX_CONNECTIONS, 1, 1_000_000));

    Retention retention =
        new Retention(
            Duration.ofSeconds(r.longValue(Keys.DELETE_RETENTION_SECONDS, 0, 10L * 365 * 86400)),
            Duration.ofSeconds(
                r.longValue(Keys.TOMBSTONE_RETENTION_SECONDS, 0, 10L * 365 * 86400)));
    Maintenance maintenance =
        new Maintenance(
            Duration.ofSeconds(r.longValue(Keys.QUARANTINE_GRACE_SECONDS, 0, 30L * 86400)),
            r.longValue(Keys.SCRUB_BYTES_PER_SECOND, 0, 1L << 40, Sizes::parse),
            Duration.ofSeconds(r.longValue(Keys.SCRUB_INTERVAL_SECONDS, 1, 365L * 86400)));

    ReplicationMode mode = ReplicationMode.ASYNC;
    String modeText = r.string(Keys.REPLICATION_MODE, Keys.DEFAULTS.get(Keys.REPLICATION_MODE));
    if (modeText != null) {
      try {
        mode = ReplicationMode.valueOf(modeText.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        r.problem(Keys.REPLICATION_MODE, "must be async or sync, not '" + modeText + "'");
      }
    }
    Replication replication =
        new Replication(
            mode,
            Duration.ofMillis(r.integer(Keys.REPLICATION_SYNC_TIMEOUT_MS, 1, 600_000)),
            r.longValue(Keys.REPLICATION_BANDWIDTH, 0, 1L << 40, Sizes::parse));
    int httpPort = r.integer(Keys.HTTP_PORT, -1, 65535);

    if (!r.problems.isEmpty()) {
      throw new ConfigException(r.problems);
    }
    return new StorageConfig(
        group,
        bind,
        host,
        port,
        dataDir,
        roots,
        syncMode,
        trackers,
        idServers,
        idPrefetch,
        heartbeat,
        clusterSecret,
        database,
        cache,
        limits,
        retention,
        maintenance,
        replication,
        httpPort);
  }

  /**
   * The embedded database in the data folder, written through on commit (see {@code Database}). H2
   * re-analyses a table after every 2,000 changed rows by default, which also throws away every
   * prepared statement's plan: at thousands of uploads a second that was a re-parse of the upload's
   * queries several times a second plus a sampled scan of the table. Every query here is on a key
   * or a named index, so statistics are not needed. The per-session plan cache (8) is raised to
   * hold every statement a connection runs.
   */
  public static String defaultH2Url(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.resolve("db").resolve("storage").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE;ANALYZE_AUTO=0;QUERY_CACHE_SIZE=64";
  }

  /** The same configuration with another port (after binding port 0). */
  public StorageConfig withPort(int newPort) {
    return new StorageConfig(
        group,
        bindAddress,
        advertisedHost,
        newPort,
        dataDir,
        roots,
        syncMode,
        trackers,
        idServers,
        idPrefetch,
        heartbeatSeconds,
        clusterSecret,
        database,
        cache,
        limits,
        retention,
        maintenance,
        replication,
        httpPort);
  }

  @Override
  public String toString() {
    return ("StorageConfig[group=%s, bind=%s, host=%s, port=%d, dataDir=%s, roots=%s, trackers=%s,"
            + " sync=%s, idServers=%s, heartbeat=%ds, secret=%s, %s, %s, %s, %s, %s, %s]")
        .formatted(
            group,
            bindAddress,
            advertisedHost,
            port,
            dataDir,
            roots,
            trackers,
            syncMode,
            idServers,
            heartbeatSeconds,
            clusterSecret.isPresent() ? "set" : "none",
            database,
            cache,
            limits,
            retention,
            maintenance,
            replication);
  }

  /** Reads typed values, collecting problems instead of stopping at the first. */
  private static final class Reader {
    private final Config config;
    private final List<String> problems = new ArrayList<>();

    Reader(Config config) {
      this.config = config;
    }

    void problem(String key, String text) {
      problems.add(key + ": " + text);
    }

    /** The value, the default when absent, or null (and a problem) when required and absent. */
    String string(String key, String def) {
      Optional<String> v = config.getOptionalValue(key, String.class);
      if (v.isPresent()) {
        return v.get().strip();
      }
      if (def == null) {
        problem(key, "required");
      }
      return def;
    }

    int integer(String key, int min, int max) {
      return (int) longValue(key, min, max, Long::parseLong);
    }

    long longValue(String key, long min, long max) {
      return longValue(key, min, max, Long::parseLong);
    }

    long longValue(String key, long min, long max, Function<String, Long> parser) {
      String text = string(key, Keys.DEFAULTS.get(key));
      if (text == null) {
        return min;
      }
      long v;
      try {
        v = parser.apply(text);
      } catch (IllegalArgumentException e) {
        problem(key, "not a number: '" + text + "'");
        return min;
      }
      if (v < min || v > max) {
        problem(key, v + " is out of range [" + min + ", " + max + "]");
        return min;
      }
      return v;
    }

    Path path(String key) {
      String text = string(key, Keys.DEFAULTS.get(key));
      if (text == null) {
        return null;
      }
      try {
        Path p = Path.of(text).toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) {
          problem(key, p + " exists and is not a directory");
        }
        return p;
      } catch (InvalidPathException e) {
        problem(key, "not a path: '" + text + "'");
        return null;
      }
    }

    List<HostPort> addresses(String key) {
      String text = string(key, Keys.DEFAULTS.get(key));
      List<HostPort> out = new ArrayList<>();
      if (text == null) {
        return out;
      }
      for (String piece : Names.split(text)) {
        try {
          HostPort hp = HostPort.parse(piece);
          if (out.contains(hp)) {
            problem(key, "address listed twice: " + hp);
          } else {
            out.add(hp);
          }
        } catch (IllegalArgumentException e) {
          problem(key, "not host:port: '" + piece + "'");
        }
      }
      if (out.isEmpty()) {
        problem(key, "at least one host:port is required");
      }
      return out;
    }
  }
}
