package org.mediadfs.tracker.infrastructure.endpoint;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.mediadfs.tracker.TrackerConfig;
import org.mediadfs.tracker.application.HelloGuard;
import org.mediadfs.tracker.application.RouteCache;
import org.mediadfs.tracker.application.Router;
import org.mediadfs.tracker.application.TrackerService;
import org.mediadfs.tracker.application.TrackerSession;
import org.mediadfs.tracker.domain.GroupsText;
import org.mediadfs.tracker.domain.NodeRegistry;
import org.mediadfs.tracker.infrastructure.cache.CaffeineRouteCache;
import org.mediadfs.tracker.infrastructure.cache.RedisRouteCache;
import org.mediadfs.tracker.infrastructure.jpa.JpaMembership;
import org.mediadfs.tracker.infrastructure.jpa.JpaRouteStore;
import org.mediadfs.tracker.infrastructure.jpa.TrackerSchema;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.server.FrameServer;
import org.mediadfs.wire.server.VirtualThreads;

/**
 * Starts the tracker when the application starts and stops it with the application: migrates the
 * tracker's tables, seeds apps and groups from configuration (idempotently; then the database is
 * the truth), builds the live registry with a per-node deadline timer on the container's managed
 * scheduled executor, and opens the TCP endpoint. A bad configuration fails the deployment.
 *
 * <p>Connections are served by virtual threads from a container-managed thread factory. Bean-
 * managed concurrency: the container's singleton lock would serialize every call; the registry and
 * caches are concurrent instead.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TrackerServer {
  private static final System.Logger LOG = System.getLogger(TrackerServer.class.getName());

  /**
   * Which threads serve connections. {@code managed} (default): virtual threads from the
   * application's {@code @ManagedThreadFactoryDefinition(virtual = true)}, which carry the
   * container's context (naming, class loader) into the connection. {@code virtual}: plain virtual
   * threads; the endpoints still work (they reach beans only through injected references, and the
   * EJB container sets up each call's context; the integration test passes in both modes), but a
   * JNDI lookup from a connection thread would fail. Measured on this 2-core machine, the managed
   * factory costs about 60 us per connection: a client that opens a connection per ID gets ~5,000
   * IDs/s instead of ~7,500 (16 such clients: ~11,000 against ~12,500).
   */
  public static final String THREAD_FACTORY_KEY = "mediadfs.endpoint.threads";

  /** JNDI name of the virtual-thread factory of the tracker's connections. */
  public static final String THREADS = "java:app/concurrent/mediadfs-tracker-threads";

  /**
   * Tracker requests are small: an extended heartbeat with 300 store roots and peers fits in 32
   * KiB. The bound matters because a body is allocated when its header arrives: at most {@code
   * max-connections} x 32 KiB can be held by clients that announce a body and send it slowly.
   */
  static final Limits LIMITS = new Limits(32 * 1024, 0);

  /** Routes cached in process at most. */
  static final long LOCAL_CACHE_ENTRIES = 1_000_000;

  @Resource(lookup = "java:app/jdbc/mediadfs")
  private DataSource dataSource;

  @Resource private ManagedScheduledExecutorService scheduler;

  @EJB private JpaMembership membership;

  @EJB private JpaRouteStore routes;

  private FrameServer server;
  private RouteCache cache;
  private NodeRegistry registry;
  private TrackerService service;

  @PostConstruct
  void start() {
    TrackerConfig config =
        TrackerConfig.from(ConfigProvider.getConfig(TrackerServer.class.getClassLoader()));
    int ran = TrackerSchema.migrate(dataSource, TrackerServer.class.getClassLoader());
    LOG.log(Level.INFO, () -> "tracker schema up to date (" + ran + " migrations applied)");
    seed(config);
    cache =
        config.redisEnabled()
            ? RedisRouteCache.connect(
                config.redisAddress(),
                config.redisPassword(),
                config.redisPrefix(),
                config.routeTtl())
            : new CaffeineRouteCache(config.routeTtl(), LOCAL_CACHE_ENTRIES);
    InstantSource clock = InstantSource.system();
    registry = new NodeRegistry(clock, timer(clock), config.missedBeats());
    service =
        new TrackerService(
            registry,
            membership,
            new Router(routes, cache),
            // Shared by every connection thread: each call draws from that thread's generator.
            () -> ThreadLocalRandom.current().nextLong(),
            new GroupsText(ZoneId.systemDefault()),
            config.autoRegisterGroups());
    LOG.log(
        Level.INFO,
        () ->
            "tracker: groups "
                + membership.groupNames()
                + ", apps "
                + membership.appIds()
                + ", route cache "
                + (config.redisEnabled() ? "Redis " + config.redisAddress() : "in process"));
    HelloGuard hello = new HelloGuard(config.clusterSecret(), serverId(config), clock);
    FrameServer.Settings settings =
        new FrameServer.Settings(
            "tracker",
            config.address(),
            Command.Server.TRACKER,
            Command.TRACKER_REPLY,
            LIMITS,
            config.idleTimeout(),
            config.maxConnections(),
            1024);
    server =
        new FrameServer(
            settings,
            acceptThread(),
            VirtualThreads.verified(threadFactory(), "tracker"),
            peer -> new TrackerSession(service, hello, peer));
    try {
      server.start();
    } catch (IOException e) {
      cache.close();
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Seeds apps and groups. Two trackers starting together on one database may both insert a row:
   * the loser's transaction fails on the primary key, and a second attempt finds the rows.
   */
  private void seed(TrackerConfig config) {
    for (int attempt = 1; ; attempt++) {
      try {
        membership.seed(config.apps(), config.groups());
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
        int a = attempt;
        LOG.log(Level.WARNING, () -> "seeding apps and groups failed (" + a + "), again: " + e);
      }
    }
  }

  private NodeRegistry.Timer timer(InstantSource clock) {
    return (when, task) -> {
      long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
      var future = scheduler.schedule(task, delay, TimeUnit.MILLISECONDS);
      return () -> future.cancel(false);
    };
  }

  private static String serverId(TrackerConfig config) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return "tracker@" + host + ":" + config.port() + "/" + Instant.now().getEpochSecond();
  }

  /**
   * The accept loop's thread: a platform thread from the container's default managed thread factory
   * (it blocks in {@code accept()} without a hand-off through the virtual-thread poller), or a
   * plain platform thread when that factory is missing.
   */
  private static ThreadFactory acceptThread() {
    try {
      return InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
    } catch (NamingException e) {
      LOG.log(Level.WARNING, () -> "no default managed thread factory: " + e.getMessage());
      return Thread.ofPlatform().daemon().factory();
    }
  }

  /** The connection threads chosen by {@link #THREAD_FACTORY_KEY}. */
  private static ThreadFactory threadFactory() {
    String choice =
        ConfigProvider.getConfig(TrackerServer.class.getClassLoader())
            .getOptionalValue(THREAD_FACTORY_KEY, String.class)
            .orElse("managed");
    if (choice.equals("virtual")) {
      LOG.log(Level.INFO, () -> THREAD_FACTORY_KEY + "=virtual: plain virtual threads");
      return Thread.ofVirtual().name("tracker-conn-", 0).factory();
    }
    if (!choice.equals("managed")) {
      throw new IllegalArgumentException(
          THREAD_FACTORY_KEY + " must be managed or virtual, not " + choice);
    }
    return managedThreads();
  }

  /**
   * The virtual-thread factory defined by the application ({@code @ManagedThreadFactoryDefinition}
   * with {@code virtual = true}, in the web module, where the container reads it), or null when the
   * application defines none (the server then uses plain virtual threads and says so).
   */
  private static ManagedThreadFactory managedThreads() {
    try {
      return InitialContext.doLookup(THREADS);
    } catch (NamingException e) {
      LOG.log(Level.WARNING, () -> THREADS + " is not defined: " + e.getMessage());
      return null;
    }
  }

  @PreDestroy
  void stop() {
    if (server != null) {
      server.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (cache != null) {
      cache.close();
    }
  }

  /** The tracker's use cases, for the web tier's management API. */
  public TrackerService service() {
    return service;
  }

  /** The port the tracker listens on. */
  public int port() {
    return server.port();
  }
}
