package org.mediadfs.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.message.HostPort;

/**
 * Everything a {@link MediadfsClient} needs to know, validated once. Build it with {@link
 * #builder(String)} (the original's {@code "ip:port;ip:port"} tracker list) or {@link
 * #builder(List)}.
 *
 * @param trackers tracker addresses (at least one); the client starts at a random one and goes
 *     round the list
 * @param appId the app ID used when a call does not name one ("tnvideo")
 * @param connectTimeout TCP connect timeout (the original: 30 s; 5 s here, failover is cheaper)
 * @param readTimeout bound on each single read; an upload's reply waits longer, in proportion to
 *     its size, because the node fsyncs before it answers
 * @param trackerPoolSize connections kept per tracker (the original: 16)
 * @param storagePoolSize connections kept per storage node (the original: 8); a stream opened with
 *     {@link MediadfsClient#openRange} holds one until it is read or closed
 * @param borrowTimeout how long a caller waits for a pooled connection when all are in use
 * @param validateAfterIdle a pooled connection idle longer than this is probed before reuse (30 s)
 * @param maxIdle a pooled connection idle longer than this is closed
 * @param retry passes over the servers and backoff between them
 * @param routeCacheTtl how long the tracker's answer for a user (group and nodes) is reused; zero
 *     asks the tracker before every operation, as the original did
 * @param rangeResumes how many times a stream opened with {@link MediadfsClient#openRange}
 *     reconnects (to the next node) after a socket error in the middle of the bytes
 * @param clusterSecret the cluster secret for HELLO, or empty when the cluster has none
 */
public record ClientConfig(
    List<HostPort> trackers,
    String appId,
    Duration connectTimeout,
    Duration readTimeout,
    int trackerPoolSize,
    int storagePoolSize,
    Duration borrowTimeout,
    Duration validateAfterIdle,
    Duration maxIdle,
    RetryPolicy retry,
    Duration routeCacheTtl,
    int rangeResumes,
    String clusterSecret) {

  /** The default app ID, the original's. */
  public static final String DEFAULT_APP_ID = "tnvideo";

  /** The default tracker, the original's. */
  public static final String DEFAULT_TRACKERS = "127.0.0.1:21000";

  public ClientConfig {
    trackers = List.copyOf(trackers);
    if (trackers.isEmpty()) {
      throw new IllegalArgumentException("at least one tracker address is needed");
    }
    if (!Names.validAppId(appId)) {
      throw new IllegalArgumentException("invalid app ID: " + Names.quote(appId));
    }
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(borrowTimeout, "borrowTimeout");
    positive(validateAfterIdle, "validateAfterIdle");
    positive(maxIdle, "maxIdle");
    if (maxIdle.compareTo(validateAfterIdle) < 0) {
      throw new IllegalArgumentException("maxIdle must not be shorter than validateAfterIdle");
    }
    if (trackerPoolSize < 1 || storagePoolSize < 1) {
      throw new IllegalArgumentException("pool sizes must be at least 1");
    }
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(routeCacheTtl, "routeCacheTtl");
    if (routeCacheTtl.isNegative()) {
      throw new IllegalArgumentException("routeCacheTtl must not be negative");
    }
    if (rangeResumes < 0) {
      throw new IllegalArgumentException("rangeResumes must not be negative");
    }
    clusterSecret = clusterSecret == null ? "" : clusterSecret;
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /**
   * Parses the original's tracker list: addresses separated by {@code ;} (empty pieces ignored).
   *
   * @throws IllegalArgumentException if it names no address or a piece is not {@code host:port}
   */
  public static List<HostPort> parseTrackers(String spec) {
    List<String> pieces = Names.split(spec);
    if (pieces.isEmpty()) {
      throw new IllegalArgumentException("no tracker address in " + Names.quote(spec));
    }
    return pieces.stream().map(HostPort::parse).toList();
  }

  /** A builder with the defaults and these trackers ({@code "ip:port;ip:port"}). */
  public static Builder builder(String trackers) {
    return new Builder(parseTrackers(trackers));
  }

  /** A builder with the defaults and these trackers. */
  public static Builder builder(List<HostPort> trackers) {
    return new Builder(trackers);
  }

  /** The defaults for these trackers. */
  public static ClientConfig of(String trackers) {
    return builder(trackers).build();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(trackers);
    b.appId = appId;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.trackerPoolSize = trackerPoolSize;
    b.storagePoolSize = storagePoolSize;
    b.borrowTimeout = borrowTimeout;
    b.validateAfterIdle = validateAfterIdle;
    b.maxIdle = maxIdle;
    b.retry = retry;
    b.routeCacheTtl = routeCacheTtl;
    b.rangeResumes = rangeResumes;
    b.clusterSecret = clusterSecret;
    return b;
  }

  /** True when HELLO must be sent on every new connection. */
  public boolean hasClusterSecret() {
    return !clusterSecret.isEmpty();
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "ClientConfig[trackers="
        + trackers
        + ", appId="
        + appId
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", pools="
        + trackerPoolSize
        + "/"
        + storagePoolSize
        + ", retry="
        + retry
        + ", routeCacheTtl="
        + routeCacheTtl
        + ", clusterSecret="
        + (hasClusterSecret() ? "***" : "none")
        + "]";
  }

  /** Builds a {@link ClientConfig}; every setting starts at its default. */
  public static final class Builder {
    private List<HostPort> trackers;
    private String appId = DEFAULT_APP_ID;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int trackerPoolSize = 16;
    private int storagePoolSize = 32;
    private Duration borrowTimeout = Duration.ofSeconds(30);
    private Duration validateAfterIdle = Duration.ofSeconds(30);
    private Duration maxIdle = Duration.ofMinutes(5);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration routeCacheTtl = Duration.ofSeconds(2);
    private int rangeResumes = 2;
    private String clusterSecret = "";

    private Builder(List<HostPort> trackers) {
      this.trackers = List.copyOf(trackers);
    }

    public Builder trackers(List<HostPort> v) {
      trackers = List.copyOf(v);
      return this;
    }

    public Builder appId(String v) {
      appId = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder readTimeout(Duration v) {
      readTimeout = v;
      return this;
    }

    public Builder trackerPoolSize(int v) {
      trackerPoolSize = v;
      return this;
    }

    public Builder storagePoolSize(int v) {
      storagePoolSize = v;
      return this;
    }

    public Builder borrowTimeout(Duration v) {
      borrowTimeout = v;
      return this;
    }

    public Builder validateAfterIdle(Duration v) {
      validateAfterIdle = v;
      return this;
    }

    public Builder maxIdle(Duration v) {
      maxIdle = v;
      return this;
    }

    public Builder retry(RetryPolicy v) {
      retry = v;
      return this;
    }

    public Builder routeCacheTtl(Duration v) {
      routeCacheTtl = v;
      return this;
    }

    public Builder rangeResumes(int v) {
      rangeResumes = v;
      return this;
    }

    public Builder clusterSecret(String v) {
      clusterSecret = v;
      return this;
    }

    /** Validates and builds. */
    public ClientConfig build() {
      return new ClientConfig(
          trackers,
          appId,
          connectTimeout,
          readTimeout,
          trackerPoolSize,
          storagePoolSize,
          borrowTimeout,
          validateAfterIdle,
          maxIdle,
          retry,
          routeCacheTtl,
          rangeResumes,
          clusterSecret);
    }
  }
}
