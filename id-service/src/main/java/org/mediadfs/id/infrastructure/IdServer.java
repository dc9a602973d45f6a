package org.mediadfs.id.infrastructure;

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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.mediadfs.id.IdConfig;
import org.mediadfs.id.application.IdAllocator;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.server.FrameServer;
import org.mediadfs.wire.server.VirtualThreads;

/**
 * Starts the ID server's TCP endpoint when the application starts and stops it with the
 * application. Before listening it migrates the ID tables, so a server that answers always has its
 * schema. A bad configuration (block size below 10, port out of range) fails the deployment, as the
 * original refused to start.
 *
 * <p>Connections are served by virtual threads from a container-managed thread factory, so every
 * request runs with the application's context (class loader, naming) when it calls a bean. Bean-
 * managed concurrency: nothing here is guarded by the container's singleton lock; the allocator has
 * its own per-key locks.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdServer {
  private static final System.Logger LOG = System.getLogger(IdServer.class.getName());

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

  /** JNDI name of the virtual-thread factory of the ID server's connections. */
  public static final String THREADS = "java:app/concurrent/mediadfs-id-threads";

  /** Bodies of ID requests are at most 65 bytes; 4 KiB leaves room for HELLO. */
  static final Limits LIMITS = new Limits(4096, 0);

  @Resource(lookup = "java:app/jdbc/mediadfs")
  private DataSource dataSource;

  @EJB private JpaBlockSource blocks;

  private FrameServer server;
  private IdAllocator allocator;
  private ExecutorService prefetcher;

  @PostConstruct
  void start() {
    IdConfig config = IdConfig.from(ConfigProvider.getConfig(IdServer.class.getClassLoader()));
    int ran = IdSchema.migrate(dataSource, IdServer.class.getClassLoader());
    LOG.log(Level.INFO, () -> "ID schema up to date (" + ran + " migrations applied)");
    ThreadFactory threads = VirtualThreads.verified(threadFactory(), "id");
    prefetcher = Executors.newThreadPerTaskExecutor(threads);
    allocator = new IdAllocator(blocks, config.blockSize(), config.maxKeys(), prefetcher);
    ThreadFactory acceptor = acceptThread();
    byte[] secret = HelloProof.secret(config.clusterSecret());
    String serverId = "id@" + hostName() + ":" + config.port();
    FrameServer.Settings settings =
        new FrameServer.Settings(
            "id",
            config.address(),
            Command.Server.ID,
            Command.ID_REPLY,
            LIMITS,
            config.idleTimeout(),
            config.maxConnections(),
            1024);
    server =
        new FrameServer(
            settings,
            acceptor,
            threads,
            peer -> new IdSession(allocator, secret, serverId, InstantSource.system(), peer));
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
        ConfigProvider.getConfig(IdServer.class.getClassLoader())
            .getOptionalValue(THREAD_FACTORY_KEY, String.class)
            .orElse("managed");
    if (choice.equals("virtual")) {
      LOG.log(Level.INFO, () -> THREAD_FACTORY_KEY + "=virtual: plain virtual threads");
      return Thread.ofVirtual().name("id-conn-", 0).factory();
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
    if (prefetcher != null) {
      prefetcher.close(); // waits for a reservation in flight
    }
  }

  /** The port the ID server listens on. */
  public int port() {
    return server.port();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
