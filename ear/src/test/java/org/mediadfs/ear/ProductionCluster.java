package org.mediadfs.ear;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.PayaraMicro;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * mediadfs in production mode with two trackers, as {@code bin/mediadfs up --trackers 2 --mysql ...
 * --redis ...} runs it: the EAR on Payara Server (tracker, ID server, web) and the WAR on Payara
 * Micro as the second instance, both on one MariaDB database and one Redis, and two storage nodes
 * (group001, group002) that keep their metadata in that database (keyed by node ID), cache in that
 * Redis, heartbeat both trackers and know both ID servers. The database and the Redis key prefix
 * are unique per run and removed by {@link #close()}.
 *
 * <p>The two Payara processes start in parallel (the slow part; 2 cores). Each web tier asks its
 * own tracker: the second instance's ports are chosen by the testkit when it starts.
 */
final class ProductionCluster implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProductionCluster.class.getName());

  static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/";
  static final String REDIS = "127.0.0.1:6379";
  static final List<String> GROUPS = List.of("group001", "group002");

  private final String database;
  private final String redisPrefix;
  private final PayaraServerDomain server;
  private final PayaraMicro micro;
  private final List<StorageProcess> nodes;

  private ProductionCluster(
      String database,
      String redisPrefix,
      PayaraServerDomain server,
      PayaraMicro micro,
      List<StorageProcess> nodes) {
    this.database = database;
    this.redisPrefix = redisPrefix;
    this.server = server;
    this.micro = micro;
    this.nodes = nodes;
  }

  static ProductionCluster start(Path workDir) throws SQLException {
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
    String database = "mediadfs_ear_it_" + run;
    String redisPrefix = "mediadfs-ear-it-" + run;
    execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    String url = MARIADB + database + "?user=root";
    Map<String, String> app = new LinkedHashMap<>();
    app.put("mediadfs.db.url", url);
    app.put("mediadfs.redis.address", REDIS);
    app.put("mediadfs.redis.prefix", redisPrefix);
    app.put("mediadfs.tracker.groups", String.join(";", GROUPS));

    PayaraServerDomain server = null;
    PayaraMicro micro = null;
    List<StorageProcess> nodes = new ArrayList<>();
    try {
      CompletableFuture<PayaraMicro> microStart =
          CompletableFuture.supplyAsync(() -> PayaraMicro.start(workDir.resolve("micro"), app));
      Map<String, String> serverProps = new HashMap<>(app);
      try {
        server = PayaraServerDomain.start(workDir.resolve("server"), serverProps);
      } finally {
        try {
          micro = microStart.join();
        } catch (CompletionException e) {
          if (server != null) {
            server.close();
          }
          throw e;
        }
      }
      String trackers = server.tracker() + ";" + micro.tracker();
      String idServers = server.idServer() + ";" + micro.idServer();
      for (int g = 1; g <= GROUPS.size(); g++) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("mediadfs.storage.group", GROUPS.get(g - 1));
        props.put("mediadfs.storage.trackers", trackers);
        props.put("mediadfs.storage.id-servers", idServers);
        props.put("mediadfs.storage.heartbeat-seconds", "2");
        props.put("mediadfs.storage.db.url", url);
        props.put("mediadfs.redis.address", REDIS);
        props.put("mediadfs.redis.prefix", redisPrefix);
        nodes.add(StorageProcess.start("g" + g + "m1", workDir.resolve("nodes"), props));
      }
      ProductionCluster c = new ProductionCluster(database, redisPrefix, server, micro, nodes);
      for (HostPort t : List.of(server.tracker(), micro.tracker())) {
        c.awaitActive(t, Duration.ofMinutes(2));
      }
      return c;
    } catch (RuntimeException | Error e) {
      nodes.forEach(StorageProcess::kill);
      if (micro != null) {
        micro.stop();
      }
      if (server != null) {
        server.close();
      }
      dropData(database, redisPrefix);
      throw e;
    }
  }

  /** Drops the run's database and deletes its Redis keys. */
  private static void dropData(String database, String redisPrefix) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + database);
    RedissonClient r = redis();
    try {
      long deleted = r.getKeys().deleteByPattern(redisPrefix + ":*");
      LOG.log(System.Logger.Level.INFO, "deleted {0} Redis keys of {1}", deleted, redisPrefix);
    } finally {
      r.shutdown();
    }
  }

  /** Waits until {@code tracker} lists every storage node of this cluster as ACTIVE. */
  void awaitActive(HostPort tracker, Duration timeout) {
    Await.until(
        timeout,
        "every storage node ACTIVE at " + tracker,
        () -> {
          List<NodeInfo> listed = nodes(tracker);
          return nodes.stream()
              .allMatch(
                  n ->
                      listed.stream()
                          .anyMatch(
                              i ->
                                  i.port() == n.address().port()
                                      && i.status() == NodeStatus.ACTIVE));
        });
  }

  /** The NODES answer of one tracker. */
  static List<NodeInfo> nodes(HostPort tracker) throws IOException, ErrorReplyException {
    try (WireConnection c =
        WireConnection.open(
            tracker, Duration.ofSeconds(5), Duration.ofSeconds(30), Limits.DEFAULT)) {
      return c.expect(new Request.Nodes(), Response.Nodes.class).nodes();
    }
  }

  /** The EAR on Payara Server. */
  PayaraServerDomain server() {
    return server;
  }

  /** The second instance, the WAR on Payara Micro. */
  PayaraMicro micro() {
    return micro;
  }

  /** The storage nodes. */
  List<StorageProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** Both trackers, as a client takes them. */
  String trackers() {
    return server.tracker() + ";" + micro.tracker();
  }

  /**
   * The first admin's password: whichever instance created the admin wrote it to its data folder
   * (both start on one database at once; the other instance removes its own file).
   */
  String adminPassword() throws IOException {
    for (Path dir : List.of(server.dataDir(), micro.dataDir())) {
      Path f = dir.resolve("admin-password");
      if (Files.isRegularFile(f)) {
        return Files.readString(f).strip();
      }
    }
    throw new IllegalStateException("no admin-password in either instance's data folder");
  }

  /** The run's MariaDB database. */
  String database() {
    return database;
  }

  /** A JDBC URL of the run's database. */
  String jdbcUrl() {
    return MARIADB + database + "?user=root";
  }

  /** The run's Redis key prefix. */
  String redisPrefix() {
    return redisPrefix;
  }

  /** Keys under the run's prefix in Redis. */
  long redisKeys() {
    RedissonClient r = redis();
    try {
      return r.getKeys().getKeysStreamByPattern(redisPrefix + ":*").count();
    } finally {
      r.shutdown();
    }
  }

  private static RedissonClient redis() {
    Config c = new Config();
    c.useSingleServer().setAddress("redis://" + REDIS);
    return Redisson.create(c);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(MARIADB + "?user=root");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Stops every process, drops the database and deletes the run's Redis keys. */
  @Override
  public void close() throws SQLException {
    RuntimeException first = null;
    for (StorageProcess n : nodes) {
      try {
        n.stop();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    for (AutoCloseable c : List.<AutoCloseable>of(micro::stop, server)) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? new IllegalStateException(e) : first;
      }
    }
    dropData(database, redisPrefix);
    if (first != null) {
      throw first;
    }
  }
}
