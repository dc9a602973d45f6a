package org.mediadfs.id;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Every setting of the ID server, read once at start from MicroProfile Config (system properties,
 * environment variables such as {@code MEDIADFS_ID_PORT}, then {@code
 * microprofile-config.properties}). Each key is a constant here and each default is written once.
 *
 * @param bind address to listen on
 * @param port TCP port; 0 picks a free one (tests)
 * @param blockSize IDs reserved per database round trip; at least {@value #MIN_BLOCK_SIZE}, as in
 *     the original, which refused to start below it
 * @param maxKeys keys kept in memory at once; a request for a new key beyond it is refused, so that
 *     random keys cannot exhaust memory
 * @param idleTimeout a silent connection is closed after this
 * @param maxConnections connections open at once
 * @param clusterSecret the HELLO secret, empty for none
 */
public record IdConfig(
    String bind,
    int port,
    int blockSize,
    int maxKeys,
    Duration idleTimeout,
    int maxConnections,
    String clusterSecret) {
  public static final String BIND = "mediadfs.id.bind";
  public static final String PORT = "mediadfs.id.port";
  public static final String BLOCK_SIZE = "mediadfs.id.block-size";
  public static final String MAX_KEYS = "mediadfs.id.max-keys";
  public static final String IDLE_SECONDS = "mediadfs.id.idle-timeout-seconds";
  public static final String MAX_CONNECTIONS = "mediadfs.id.max-connections";
  public static final String CLUSTER_SECRET = "mediadfs.cluster.secret";

  /** The original's lower bound on {@code idinc_max_step}. */
  public static final int MIN_BLOCK_SIZE = 10;

  public IdConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + " out of range: " + port);
    }
    if (blockSize < MIN_BLOCK_SIZE) {
      throw new IllegalArgumentException(
          BLOCK_SIZE + " must be at least " + MIN_BLOCK_SIZE + ", was " + blockSize);
    }
    if (maxKeys < 1 || maxConnections < 1) {
      throw new IllegalArgumentException(MAX_KEYS + " and " + MAX_CONNECTIONS + " must be > 0");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException(IDLE_SECONDS + " must be positive");
    }
  }

  /** Reads and validates every key. */
  public static IdConfig from(Config c) {
    return new IdConfig(
        c.getOptionalValue(BIND, String.class).orElse("0.0.0.0"),
        c.getOptionalValue(PORT, Integer.class).orElse(22000),
        c.getOptionalValue(BLOCK_SIZE, Integer.class).orElse(1000),
        c.getOptionalValue(MAX_KEYS, Integer.class).orElse(100_000),
        Duration.ofSeconds(c.getOptionalValue(IDLE_SECONDS, Long.class).orElse(300L)),
        c.getOptionalValue(MAX_CONNECTIONS, Integer.class).orElse(4096),
        c.getOptionalValue(CLUSTER_SECRET, String.class).orElse(""));
  }

  /** The socket address to bind. */
  public InetSocketAddress address() {
    return new InetSocketAddress(bind, port);
  }
}
