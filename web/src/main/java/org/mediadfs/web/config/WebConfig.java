package org.mediadfs.web.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.mediadfs.client.ClientConfig;

/**
 * Every setting of the web tier, read once at start from MicroProfile Config (system properties,
 * environment variables such as {@code MEDIADFS_WEB_SIGNED_LINKS}, then {@code
 * microprofile-config.properties}). Each key is a constant here and each default is written once.
 *
 * @param trackers the trackers the web tier's client talks to, {@code "ip:port;ip:port"}; default
 *     {@code 127.0.0.1:} + {@code mediadfs.tracker.port} (the tracker in the same application)
 * @param clusterSecret the cluster's HELLO secret, empty when none
 * @param appId the app ID of API calls that name none (the first of {@code mediadfs.tracker.apps})
 * @param storageConnections pooled connections per storage node; each open stream holds one
 * @param streamBuffer bytes of the fixed buffer every stream copies through
 * @param signedLinks when true, {@code /files/*} serves only links signed by {@code LinkSigner}
 * @param linkKeys the signing key ring {@code kid:base64;kid2:base64} (first = current); empty:
 *     keys are kept in the database, shared by every web instance
 * @param linkTtl default lifetime of a signed link
 * @param locateCacheSize file IDs whose location (group and owner) is remembered
 * @param dataDir the data folder ({@code admin-password} is written there)
 * @param passwordIterations PBKDF2 iterations of newly hashed passwords (each stored hash names its
 *     own, so changing this keeps old ones valid); at least 10,000
 */
public record WebConfig(
    String trackers,
    String clusterSecret,
    String appId,
    int storageConnections,
    int streamBuffer,
    boolean signedLinks,
    String linkKeys,
    Duration linkTtl,
    long locateCacheSize,
    Path dataDir,
    int passwordIterations) {
  public static final String TRACKERS = "mediadfs.web.trackers";
  public static final String TRACKER_PORT = "mediadfs.tracker.port";
  public static final String CLUSTER_SECRET = "mediadfs.cluster.secret";
  public static final String APPS = "mediadfs.tracker.apps";
  public static final String STORAGE_CONNECTIONS = "mediadfs.web.storage-connections";
  public static final String STREAM_BUFFER = "mediadfs.web.stream-buffer";
  public static final String SIGNED_LINKS = "mediadfs.web.signed-links";
  public static final String LINK_KEYS = "mediadfs.web.link-keys";
  public static final String LINK_TTL_SECONDS = "mediadfs.web.link-ttl-seconds";
  public static final String LOCATE_CACHE_SIZE = "mediadfs.web.locate-cache-size";
  public static final String DATA_DIR = "mediadfs.data-dir";
  public static final String PASSWORD_ITERATIONS = "mediadfs.web.password-iterations";

  public WebConfig {
    if (trackers.isBlank()) {
      throw new IllegalArgumentException(TRACKERS + " must name at least one tracker");
    }
    if (storageConnections < 1 || storageConnections > 100_000) {
      throw new IllegalArgumentException(STORAGE_CONNECTIONS + " must be 1 to 100000");
    }
    if (streamBuffer < 1024 || streamBuffer > (8 << 20)) {
      throw new IllegalArgumentException(STREAM_BUFFER + " must be 1 KiB to 8 MiB");
    }
    if (linkTtl.isNegative() || linkTtl.isZero()) {
      throw new IllegalArgumentException(LINK_TTL_SECONDS + " must be positive");
    }
    if (locateCacheSize < 0) {
      throw new IllegalArgumentException(LOCATE_CACHE_SIZE + " must not be negative");
    }
    if (passwordIterations < 10_000) {
      throw new IllegalArgumentException(PASSWORD_ITERATIONS + " must be at least 10000");
    }
  }

  /** Reads and validates every key. */
  public static WebConfig from(Config c) {
    return from(key -> c.getOptionalValue(key, String.class));
  }

  /** Reads every key from any lookup (the rules of {@link #from(Config)}; unit tests). */
  public static WebConfig from(Function<String, Optional<String>> c) {
    String port = c.apply(TRACKER_PORT).orElse("21000").strip();
    String apps = c.apply(APPS).orElse(ClientConfig.DEFAULT_APP_ID);
    String app = apps.split(";")[0].strip();
    return new WebConfig(
        c.apply(TRACKERS).map(String::strip).filter(s -> !s.isEmpty()).orElse("127.0.0.1:" + port),
        c.apply(CLUSTER_SECRET).orElse(""),
        app.isEmpty() ? ClientConfig.DEFAULT_APP_ID : app,
        integer(c, STORAGE_CONNECTIONS, 256),
        integer(c, STREAM_BUFFER, 64 * 1024),
        Boolean.parseBoolean(c.apply(SIGNED_LINKS).orElse("false").strip()),
        c.apply(LINK_KEYS).orElse("").strip(),
        Duration.ofSeconds(integer(c, LINK_TTL_SECONDS, 24 * 3600)),
        integer(c, LOCATE_CACHE_SIZE, 100_000),
        Path.of(c.apply(DATA_DIR).orElse("./var")),
        integer(c, PASSWORD_ITERATIONS, 210_000));
  }

  private static int integer(Function<String, Optional<String>> c, String key, int def) {
    String v = c.apply(key).orElse("").strip();
    if (v.isEmpty()) {
      return def;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + v, e);
    }
  }

  /** The client library's configuration for these settings. */
  public ClientConfig clientConfig() {
    return ClientConfig.builder(trackers)
        .appId(appId)
        .storagePoolSize(storageConnections)
        .clusterSecret(clusterSecret)
        .build();
  }
}
