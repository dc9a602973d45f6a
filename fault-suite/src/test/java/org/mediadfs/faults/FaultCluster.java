package org.mediadfs.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.ClusterSpec;
import org.mediadfs.testkit.LocalCluster;
import org.mediadfs.testkit.PausableProxy;
import org.mediadfs.testkit.StorageAot;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;

/**
 * The suite's one private cluster: a {@link LocalCluster} (one Payara Micro with tracker, ID server
 * and web; {@value #WORKLOAD_GROUPS} workload groups of storage nodes) in MySQL mode through a
 * pausable proxy, with a private {@code redis-server} and a cluster secret, plus the nodes of
 * groups that belong to single scenarios (a slowed pair, a pair with a full store root).
 *
 * <p>Why one cluster in MySQL + Redis mode: one Payara start is the dominant cost of the module (17
 * to 50 s on 2 cores), and this mode is the one where every fault of the catalogue (database,
 * Redis, tracker, nodes) can be injected into the same running system.
 *
 * <p>Start-up, in the order of the critical path: while Payara boots, a storage node trains the AOT
 * cache of every node JVM of the run ({@link StorageAot}); once the tracker answers, every node
 * (workload and scenario groups) is launched at once from that cache, and the start ends when all
 * are ACTIVE.
 *
 * <p>Invariants: the workload groups are {@code group001} and {@code group002}; every other
 * registered group belongs to one scenario. Users are pinned to groups in the tracker's route table
 * before their first request, so the tracker never routes a workload user into a scenario group.
 */
final class FaultCluster implements AutoCloseable {
  /**
   * Whether storage nodes start from an AOT cache trained at the cluster's start ({@link
   * StorageAot}); {@code -Dfaults.aot=false} starts them without.
   */
  static final boolean AOT = Boolean.parseBoolean(System.getProperty("faults.aot", "true"));

  /** Groups the workload uses. */
  static final int WORKLOAD_GROUPS = 2;

  /** Every group the tracker knows: the workload's and the scenarios'. */
  static final List<String> GROUPS = List.of("group001", "group002", "group003", "group004");

  /** The group of the disk-full scenario. */
  static final String DISK_GROUP = "group003";

  /** The group of the slow-peer scenario. */
  static final String SLOW_GROUP = "group004";

  private final Path workDir;
  private final RedisServer redis;
  private final MariaDb db;
  private final String secret;
  private final String redisPrefix;
  private final LocalCluster cluster;
  private final Map<String, StorageProcess> extras = new LinkedHashMap<>();
  private final Map<String, String> storageProps;
  private final StorageProcess.Launch launch;
  private SlowPair slowPair;
  private DiskPair diskPair;

  private FaultCluster(
      Path workDir,
      RedisServer redis,
      MariaDb db,
      String secret,
      String redisPrefix,
      LocalCluster cluster,
      Map<String, String> storageProps,
      StorageProcess.Launch launch) {
    this.workDir = workDir;
    this.redis = redis;
    this.db = db;
    this.secret = secret;
    this.redisPrefix = redisPrefix;
    this.cluster = cluster;
    this.storageProps = storageProps;
    this.launch = launch;
  }

  /**
   * Starts Redis, the database and the cluster.
   *
   * @param members storage nodes per workload group
   */
  static FaultCluster start(Path workDir, int members, EventLog log) {
    RedisServer redis = RedisServer.start(workDir.resolve("redis"));
    MariaDb db = null;
    try {
      db = MariaDb.create();
      String secret = "faults-" + UUID.randomUUID();
      String prefix = "mediadfs-faults-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> payara = new LinkedHashMap<>();
      payara.put("mediadfs.tracker.groups", String.join(";", GROUPS));
      payara.put("mediadfs.db.url", db.urlThroughProxy());
      payara.put("mediadfs.redis.address", redis.address());
      payara.put("mediadfs.redis.prefix", prefix);
      payara.put("mediadfs.cluster.secret", secret);
      Map<String, String> storage = new LinkedHashMap<>();
      storage.put("mediadfs.storage.db.url", db.urlThroughProxy());
      storage.put("mediadfs.redis.address", redis.address());
      storage.put("mediadfs.redis.prefix", prefix);
      // Disk space is shared with other builds: keep a modest reserve, not the default 1 GiB.
      storage.put("mediadfs.storage.reserved", "256M");
      log.event(
          "cluster",
          "starting: redis "
              + redis.address()
              + ", database "
              + db.name()
              + " through proxy :"
              + db.proxy().port()
              + ", "
              + WORKLOAD_GROUPS
              + " workload groups x "
              + members
              + " members");
      // While Payara boots (the longest wait of the run), a storage node trains the AOT cache that
      // every node start of the run then uses. It reaches the real database and Redis (so their
      // clients are cached) but no tracker: it never joins a group.
      Map<String, String> training = new LinkedHashMap<>(storage);
      String nowhere = "127.0.0.1:" + org.mediadfs.testkit.FreePorts.next();
      training.put("mediadfs.storage.group", GROUPS.getFirst());
      training.put("mediadfs.storage.trackers", nowhere);
      training.put("mediadfs.storage.id-servers", nowhere);
      training.put("mediadfs.cluster.secret", secret);
      training.put("mediadfs.redis.prefix", prefix + "-aot");
      CompletableFuture<StorageProcess.Launch> aot = new CompletableFuture<>();
      long t0 = System.nanoTime();
      if (AOT) {
        Thread.ofVirtual()
            .name("storage-aot")
            .start(
                () ->
                    aot.complete(
                        StorageAot.train(workDir.resolve("aot"), training, Duration.ofMinutes(2))));
      } else {
        aot.complete(StorageProcess.Launch.defaults());
      }
      LocalCluster cluster;
      try {
        cluster =
            LocalCluster.startPayara(
                workDir,
                new ClusterSpec(WORKLOAD_GROUPS, members, Map.copyOf(payara), Map.copyOf(storage)));
      } catch (RuntimeException | AssertionError e) {
        aot.join(); // the training node stops by itself
        throw e;
      }
      long payaraMs = (System.nanoTime() - t0) / 1_000_000;
      StorageProcess.Launch launch = aot.join();
      log.event(
          "cluster",
          "Payara answers after "
              + payaraMs
              + " ms; "
              + (launch.jvmArgs().isEmpty()
                  ? "no storage AOT cache ("
                      + (AOT ? "training failed" : "-Dfaults.aot=false")
                      + ")"
                  : "storage AOT cache ready after "
                      + (System.nanoTime() - t0) / 1_000_000
                      + " ms ("
                      + launch.jvmArgs()
                      + ")"));
      FaultCluster fc =
          new FaultCluster(workDir, redis, db, secret, prefix, cluster, storage, launch);
      try {
        // Every node at once, the scenarios' extra groups too: their start-ups overlap.
        List<StorageProcess> starting = new ArrayList<>(cluster.launchNodes(launch));
        starting.addAll(fc.launchScenarioNodes());
        starting.forEach(StorageProcess::awaitReady);
        fc.awaitAllActive(LocalCluster.ACTIVE_TIMEOUT);
      } catch (RuntimeException | AssertionError e) {
        try {
          fc.close();
        } catch (RuntimeException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
      log.event(
          "cluster", "up: tracker " + cluster.trackersSpec() + ", nodes " + fc.nodes().size());
      return fc;
    } catch (RuntimeException e) {
      redis.close();
      if (db != null) {
        try {
          db.close();
        } catch (IOException | RuntimeException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
  }

  LocalCluster local() {
    return cluster;
  }

  RedisServer redis() {
    return redis;
  }

  MariaDb db() {
    return db;
  }

  String secret() {
    return secret;
  }

  Path workDir() {
    return workDir;
  }

  /** A client for the cluster: short connect timeout, so dead nodes are skipped quickly. */
  ClientConfig clientConfig() {
    return ClientConfig.builder(cluster.trackersSpec())
        .clusterSecret(secret)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Every storage node of the suite: the cluster's and the scenarios' extra ones. */
  synchronized List<StorageProcess> nodes() {
    List<StorageProcess> all = new ArrayList<>(cluster.nodes());
    all.addAll(extras.values());
    return all;
  }

  /** The nodes of one group. */
  List<StorageProcess> members(String group) {
    return nodes().stream().filter(n -> group.equals(n.group())).toList();
  }

  /** The workload groups. */
  static List<String> workloadGroups() {
    return GROUPS.subList(0, WORKLOAD_GROUPS);
  }

  /**
   * Starts (or replaces, on the same port and data) an extra node of a scenario group and waits for
   * its port.
   *
   * @param name node name, unique in the suite
   * @param group its group
   * @param overrides settings on top of the cluster's storage settings
   */
  StorageProcess startExtra(String name, String group, Map<String, String> overrides) {
    StorageProcess n = launchExtra(name, group, overrides);
    n.awaitReady();
    return n;
  }

  /**
   * Launches (or replaces, on the same port and data) an extra node of a scenario group without
   * waiting for it ({@link StorageProcess#awaitReady()}), so that several start at once.
   */
  synchronized StorageProcess launchExtra(
      String name, String group, Map<String, String> overrides) {
    StorageProcess old = extras.get(name);
    Map<String, String> props = new LinkedHashMap<>(storageProps);
    props.put("mediadfs.storage.group", group);
    props.put("mediadfs.storage.trackers", cluster.trackersSpec());
    props.put("mediadfs.storage.id-servers", cluster.payara().idServer().toString());
    props.put("mediadfs.storage.heartbeat-seconds", "2");
    props.put("mediadfs.cluster.secret", secret);
    if (old != null) {
      if (old.isAlive()) {
        throw new IllegalStateException(name + " still runs");
      }
      // Same identity: port, data directory and roots of the node it replaces.
      for (String k :
          List.of(
              "mediadfs.storage.port",
              "mediadfs.storage.data-dir",
              "mediadfs.storage.roots",
              "mediadfs.storage.bind",
              "mediadfs.storage.host")) {
        props.put(k, old.props().get(k));
      }
    }
    props.putAll(overrides);
    StorageProcess n = StorageProcess.create(name, workDir.resolve("nodes"), props, launch);
    extras.put(name, n);
    n.launch();
    return n;
  }

  /**
   * Launches the nodes of the scenario groups with the workload's (their start-ups overlap the
   * cluster's instead of adding to single scenarios): the slowed pair ({@link #slowPair()}) and the
   * pair with a full store root ({@link #diskPair()}).
   */
  private synchronized List<StorageProcess> launchScenarioNodes() {
    int port = org.mediadfs.testkit.FreePorts.next();
    PausableProxy proxy;
    long usable;
    try {
      proxy =
          PausableProxy.on(new java.net.InetSocketAddress("127.0.0.2", port), "127.0.0.1", port);
      usable = java.nio.file.Files.getFileStore(workDir).getUsableSpace();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long syncTimeoutMs = 2000;
    Map<String, String> s1 =
        Map.of(
            "mediadfs.storage.port",
            Integer.toString(port),
            "mediadfs.storage.bind",
            "127.0.0.1",
            "mediadfs.storage.host",
            "127.0.0.2",
            "mediadfs.storage.replication.sync-timeout-ms",
            Long.toString(syncTimeoutMs));
    slowPair = new SlowPair(proxy, syncTimeoutMs, s1);
    // Above the disk's free space whatever other builds do to the shared disk meanwhile.
    long fullReserve = usable + (16L << 30);
    diskPair = new DiskPair("d1", "d2", fullReserve);
    return List.of(
        launchExtra("s1", SLOW_GROUP, s1),
        launchExtra("s2", SLOW_GROUP, Map.of()),
        launchExtra(
            diskPair.full(),
            DISK_GROUP,
            Map.of("mediadfs.storage.reserved", Long.toString(fullReserve))),
        launchExtra(diskPair.roomy(), DISK_GROUP, Map.of()));
  }

  /**
   * The two members of {@link #SLOW_GROUP}: s1 listens on 127.0.0.1:p but is advertised as
   * 127.0.0.2:p, where a {@link PausableProxy} forwards to it, so its peer s2 (and any client
   * routed by the tracker) reaches it only through the proxy; the suite reaches it directly.
   * Started with the cluster, kept for the run.
   *
   * @param proxy the proxy in front of s1
   * @param syncTimeoutMs s1's sync timeout (it may be restarted in sync mode)
   */
  record SlowPair(PausableProxy proxy, long syncTimeoutMs, Map<String, String> s1props) {}

  synchronized SlowPair slowPair() {
    return slowPair;
  }

  /**
   * The two members of {@link #DISK_GROUP}, started with the cluster: {@code full} with a reserved
   * space above the disk's free space (its store root is full: DISK_FULL before any byte is
   * stored), {@code roomy} with the normal reserve.
   *
   * @param full the name of the full node
   * @param roomy the name of the node with room
   * @param fullReserve the full node's reserve, bytes
   */
  record DiskPair(String full, String roomy, long fullReserve) {}

  synchronized DiskPair diskPair() {
    return diskPair;
  }

  /** The extra node of that name. */
  synchronized StorageProcess extra(String name) {
    StorageProcess n = extras.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no extra node " + name);
    }
    return n;
  }

  /** The tracker's view of every running node of the suite, by port. */
  Map<Integer, NodeStatus> statusByPort() throws Exception {
    Map<Integer, NodeStatus> byPort = new HashMap<>();
    for (StorageProcess n : nodes()) {
      byPort.put(n.address().port(), NodeStatus.OFFLINE);
    }
    for (NodeInfo i : cluster.trackerNodes()) {
      byPort.computeIfPresent(i.port(), (p, old) -> i.status());
    }
    return byPort;
  }

  /** True when the tracker lists every running node as ACTIVE. */
  boolean allActive() throws Exception {
    Map<Integer, NodeStatus> s = statusByPort();
    return nodes().stream()
        .filter(StorageProcess::isAlive)
        .allMatch(n -> s.get(n.address().port()) == NodeStatus.ACTIVE);
  }

  /** Waits until every running node is ACTIVE at the tracker. */
  void awaitAllActive(Duration timeout) {
    Await.until(timeout, "every running storage node ACTIVE at the tracker", this::allActive);
  }

  /**
   * Waits until a restarted node has joined again: the tracker lists it ACTIVE with a start time of
   * {@code sinceEpochSeconds} or later (not the stale entry of the killed process).
   */
  void awaitRejoined(StorageProcess n, long sinceEpochSeconds, Duration timeout) {
    Await.until(
        timeout,
        n.name() + " joined again after its restart",
        () ->
            cluster.trackerNodes().stream()
                .anyMatch(
                    i ->
                        i.port() == n.address().port()
                            && i.status() == NodeStatus.ACTIVE
                            && i.startTime() >= sinceEpochSeconds - 1));
  }

  /**
   * Pins a user to a group in the tracker's route table, as if the tracker had routed it there.
   * Must happen before the user's first request (the tracker caches routes).
   */
  void pinRoute(String appId, String userId, String group) throws SQLException {
    pinRoutes(appId, Map.of(userId, group));
  }

  /** {@link #pinRoute} for several users (user to group), on one connection. */
  void pinRoutes(String appId, Map<String, String> groupOfUser) throws SQLException {
    try (Connection c = db.direct();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO t_router (user_id, app_id, group_name, create_time)"
                    + " VALUES (?, ?, ?, NOW())")) {
      for (Map.Entry<String, String> e : groupOfUser.entrySet()) {
        p.setString(1, e.getKey());
        p.setString(2, appId);
        p.setString(3, e.getValue());
        p.executeUpdate();
      }
    }
  }

  @Override
  public void close() {
    List<Throwable> errors = new ArrayList<>();
    synchronized (this) {
      if (slowPair != null) {
        try {
          slowPair.proxy().close();
        } catch (IOException | RuntimeException e) {
          errors.add(e);
        }
      }
      try {
        StorageProcess.stopAll(extras.values());
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }
    try {
      cluster.close();
    } catch (RuntimeException e) {
      errors.add(e);
    }
    try {
      redis.close();
    } catch (RuntimeException e) {
      errors.add(e);
    }
    try {
      db.close();
    } catch (IOException | RuntimeException e) {
      errors.add(e);
    }
    if (!errors.isEmpty()) {
      IllegalStateException e = new IllegalStateException("closing the fault cluster failed");
      errors.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Redis key prefix of this cluster. */
  String redisPrefix() {
    return redisPrefix;
  }
}
