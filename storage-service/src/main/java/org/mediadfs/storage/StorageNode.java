package org.mediadfs.storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.mediadfs.storage.cache.CachedLookup;
import org.mediadfs.storage.cache.CaffeineMetaCache;
import org.mediadfs.storage.cache.MetaCache;
import org.mediadfs.storage.cache.RedisMetaCache;
import org.mediadfs.storage.client.Handshake;
import org.mediadfs.storage.client.IdClient;
import org.mediadfs.storage.maint.Maintenance;
import org.mediadfs.storage.maint.Purger;
import org.mediadfs.storage.maint.RateLimiter;
import org.mediadfs.storage.maint.Reconciler;
import org.mediadfs.storage.maint.Scrubber;
import org.mediadfs.storage.meta.Database;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.repl.Applier;
import org.mediadfs.storage.repl.Replicator;
import org.mediadfs.storage.server.HealthEndpoint;
import org.mediadfs.storage.server.StorageServer;
import org.mediadfs.storage.server.StorageService;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.NodeIdentity;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.storage.tracker.GroupMembers;
import org.mediadfs.storage.tracker.TrackerClient;
import org.mediadfs.storage.tracker.Traffic;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.message.HostPort;

/**
 * A running storage node, embeddable: {@link #start(StorageConfig)} wires the parts together and
 * {@link #close()} stops them in reverse order. {@link StorageMain} runs one in its own process;
 * tests and tools run one in-process.
 *
 * <p>Start order: node ID, store roots (temporary files of crashed uploads removed), database
 * (migrated), cache, metadata writer, ID client, server (bound, so the real port is known), tracker
 * links (they advertise that port), background maintenance (reconcile first). A failure part-way
 * closes whatever was already started.
 */
public final class StorageNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StorageNode.class.getName());

  private final StorageConfig config;
  private final String nodeId;
  private final Deque<AutoCloseable> closeables;
  private final StorageService service;
  private final StorageServer server;
  private final TrackerClient trackers;
  private final MetaWriter writer;
  private final Reconciler reconciler;
  private final Traffic traffic;
  private final HostPort address;
  private final MetaCache cache;
  private final HealthEndpoint health;
  private final Scrubber scrubber;
  private final Purger purger;
  private final Replicator replicator;

  private StorageNode(
      StorageConfig config,
      String nodeId,
      Deque<AutoCloseable> closeables,
      StorageService service,
      StorageServer server,
      TrackerClient trackers,
      MetaWriter writer,
      Reconciler reconciler,
      Traffic traffic,
      HostPort address,
      MetaCache cache,
      HealthEndpoint health,
      Scrubber scrubber,
      Purger purger,
      Replicator replicator) {
    this.config = config;
    this.nodeId = nodeId;
    this.closeables = closeables;
    this.service = service;
    this.server = server;
    this.trackers = trackers;
    this.writer = writer;
    this.reconciler = reconciler;
    this.traffic = traffic;
    this.address = address;
    this.cache = cache;
    this.health = health;
    this.scrubber = scrubber;
    this.purger = purger;
    this.replicator = replicator;
  }

  /**
   * Starts a node.
   *
   * @throws IOException if a folder, a store root or the port cannot be used
   * @throws SQLException if the database cannot be opened or migrated
   */
  public static StorageNode start(StorageConfig cfg) throws IOException, SQLException {
    Clock clock = Clock.systemUTC();
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      String nodeId = NodeIdentity.loadOrCreate(cfg.dataDir());
      StoreRoots roots = StoreRoots.open(cfg.roots(), true);
      Database db = Database.open(cfg.database(), "storage-" + nodeId.substring(0, 8));
      opened.push(db);
      MetadataStore store = new MetadataStore(db, nodeId);
      MetaCache cache = cache(cfg, nodeId);
      opened.push(cache);
      CachedLookup lookup = new CachedLookup(store, cache);
      Durability durability =
          Durability.forMode(
              cfg.syncMode().name().toLowerCase(java.util.Locale.ROOT),
              cfg.roots().stream().map(StorageConfig.RootSpec::path).toList());
      opened.push(durability);
      MetaWriter writer =
          MetaWriter.start(
              db,
              nodeId,
              lookup,
              cfg.retention().deleted(),
              durability,
              clock,
              org.mediadfs.storage.meta.Journal.dirOf(cfg.dataDir()),
              roots::byId);
      opened.push(writer);
      byte[] secret = HelloProof.secret(cfg.clusterSecret().orElse(""));
      Handshake handshake = new Handshake(secret, nodeId, clock);
      IdClient ids =
          new IdClient(cfg.idServers(), handshake, Duration.ofSeconds(3), Duration.ofSeconds(10));
      opened.push(ids);
      if (cfg.idPrefetch() > 0) {
        ids.prefetch(cfg.group(), cfg.idPrefetch());
      }
      GroupMembers members = new GroupMembers(nodeId);
      boolean wiped =
          roots.all().stream().anyMatch(StoreRoot::createdNow)
              && java.util.Arrays.stream(store.countByStatus()).sum() > 0;
      if (wiped) {
        LOG.log(
            System.Logger.Level.WARNING,
            "node {0}: a store root is new but the database names files: they are fetched from"
                + " the group''s other members",
            nodeId);
      }
      Replicator replicator =
          new Replicator(
              nodeId,
              members,
              handshake,
              writer,
              store,
              new Applier(nodeId, roots, store, writer, durability, clock),
              cfg.replication(),
              RateLimiter.system(cfg.replication().bandwidthBytesPerSecond()),
              wiped);
      opened.push(replicator);
      StorageService service =
          new StorageService(
              nodeId,
              cfg.group(),
              cfg.limits().maxUpload(),
              roots,
              store,
              lookup,
              writer,
              ids,
              durability,
              replicator,
              clock);
      // The port opens only now, with replication wired: a request served before would have taken
      // "no peer" for "nobody has it" and answered NOT_FOUND for a file its peer acknowledged while
      // this node was down (fault suite, chaos: a download right after a graceful restart).
      Traffic traffic = new Traffic();
      StorageServer server =
          new StorageServer(
              new InetSocketAddress(cfg.bindAddress(), cfg.port()),
              service,
              traffic,
              cfg.limits().maxUpload(),
              cfg.limits().idleTimeout(),
              cfg.limits().readTimeout(),
              cfg.limits().maxConnections(),
              secret,
              clock);
      opened.push(server);
      int port = server.address().getPort();
      HostPort address = new HostPort(cfg.advertisedHost(), port);
      server.onNotify(replicator::notified);

      Reconciler reconciler =
          new Reconciler(nodeId, roots, store, writer, cfg.maintenance().quarantineGrace(), clock);
      Maintenance maintenance = new Maintenance();
      opened.push(maintenance);
      maintenance.schedule(
          "reconcile",
          Duration.ZERO,
          Duration.ofHours(1),
          () -> {
            reconciler.run();
            replicator.requestRepair(); // rows found without their file: fetch them from peers
          });
      Purger purger =
          new Purger(
              store,
              writer,
              service,
              cfg.retention().deleted(),
              cfg.retention().tombstone(),
              clock);
      maintenance.schedule(
          "retention", Duration.ofSeconds(1), retentionInterval(cfg.retention()), purger::pass);
      Scrubber scrubber =
          new Scrubber(
              roots, store, writer, RateLimiter.system(cfg.maintenance().scrubBytesPerSecond()));
      if (cfg.maintenance().scrubBytesPerSecond() > 0) {
        maintenance.schedule(
            "scrub",
            Duration.ofMinutes(1),
            cfg.maintenance().scrubInterval(),
            () -> {
              LOG.log(System.Logger.Level.INFO, "scrub pass: {0}", scrubber.pass());
              replicator.requestRepair(); // corrupt copies found: fetch good ones from peers
            });
      }

      TrackerClient trackers =
          new TrackerClient(
              cfg.trackers(),
              new TrackerClient.Identity(
                  nodeId,
                  cfg.group(),
                  cfg.advertisedHost(),
                  port,
                  cfg.heartbeatSeconds(),
                  clock.millis() / 1000),
              new TrackerClient.Probes(replicator::state, roots::stats, traffic, replicator::lags),
              handshake,
              members,
              clock);
      opened.push(trackers);
      replicator.onStateChange(trackers::nudge);
      trackers.start();
      replicator.start();

      HealthEndpoint health = null;
      if (cfg.httpPort() >= 0) {
        health =
            HealthEndpoint.start(
                new InetSocketAddress(cfg.bindAddress(), cfg.httpPort()),
                nodeId,
                cfg.group(),
                roots,
                traffic,
                trackers,
                replicator::describeJson);
        opened.push(health);
      }
      LOG.log(
          System.Logger.Level.INFO,
          "storage node {0} of group {1} serving on {2} (advertised {3}), {4} store root(s), {5},"
              + " {6}, {7}",
          nodeId,
          cfg.group(),
          server.address(),
          address,
          roots.all().size(),
          db.dialect(),
          cache.describe(),
          durability.describe());
      return new StorageNode(
          cfg,
          nodeId,
          opened,
          service,
          server,
          trackers,
          writer,
          reconciler,
          traffic,
          address,
          cache,
          health,
          scrubber,
          purger,
          replicator);
    } catch (IOException | SQLException | RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  /**
   * Redis when configured and reachable, else the in-process cache: the cache only speeds lookups
   * up (architecture decision 3), so a Redis outage at start must not keep the node down.
   */
  private static MetaCache cache(StorageConfig cfg, String nodeId) {
    if (cfg.cache().redisAddress().isPresent()) {
      try {
        return RedisMetaCache.connect(cfg.cache(), nodeId, Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "Redis at "
                + cfg.cache().redisAddress().get()
                + " is unreachable; node "
                + nodeId
                + " uses the in-process cache until restarted",
            e);
      }
    }
    return new CaffeineMetaCache(cfg.cache().ttl(), cfg.cache().maxEntries());
  }

  private static Duration retentionInterval(StorageConfig.Retention r) {
    long ms = Math.min(r.deleted().toMillis(), r.tombstone().toMillis()) / 4;
    return Duration.ofMillis(Math.clamp(ms, 1000, 60_000));
  }

  /** The node's persisted ID. */
  public String nodeId() {
    return nodeId;
  }

  /** The address clients use (advertised host, bound port). */
  public HostPort address() {
    return address;
  }

  /** The configuration it runs with. */
  public StorageConfig config() {
    return config;
  }

  /** The file operations (for tools and tests in this module). */
  public StorageService service() {
    return service;
  }

  /** The tracker links. */
  public TrackerClient trackers() {
    return trackers;
  }

  /** Replication within the group. */
  public Replicator replicator() {
    return replicator;
  }

  /** Open client connections. */
  public int connections() {
    return server.connectionCount();
  }

  /** The lookup cache. */
  public MetaCache cache() {
    return cache;
  }

  /** The health endpoint's port, or -1 when disabled. */
  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  /** Batches and mutations the metadata writer committed (group-commit effectiveness). */
  public long[] commitStats() {
    return writer.stats();
  }

  /** Runs a reconcile pass now (tests, tools). */
  public Reconciler.Report reconcileNow() throws Exception {
    return reconciler.run();
  }

  /** Runs a scrub pass now (tests, tools); unthrottled when the scrubber is disabled. */
  public Scrubber.Report scrubNow() throws Exception {
    return scrubber.pass();
  }

  /** Runs the retention pass now (tests, tools); returns files purged and tombstones dropped. */
  public long purgeNow() throws Exception {
    return purger.pass();
  }

  @Override
  public void close() {
    LOG.log(System.Logger.Level.INFO, "storage node {0} stopping", nodeId);
    closeAll(closeables);
    LOG.log(System.Logger.Level.INFO, "storage node {0} stopped", nodeId);
  }

  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      AutoCloseable c = opened.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "stopping " + c + " failed", e);
      }
    }
  }
}
