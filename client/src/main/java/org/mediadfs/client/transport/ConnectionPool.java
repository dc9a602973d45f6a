package org.mediadfs.client.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mediadfs.wire.message.HostPort;

/**
 * Persistent connections per server address, as the original client kept them (acl's {@code
 * connect_manager}, seed-reference §7), made safe for many platform or virtual threads.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>At most {@link Settings#maxPerAddress()} connections per address exist at once (leased plus
 *       idle): a {@link Semaphore} permit is taken for every lease and given back when the lease
 *       ends; a borrower waits at most {@link Settings#borrowTimeout()} for one.
 *   <li>No lock is held during I/O (connects and probes run outside any lock); there is no {@code
 *       synchronized} at all, so virtual threads never pin a carrier here.
 *   <li>A connection goes back to the idle list only when it is not broken and its reply was read
 *       completely; anything else is closed ("discarded").
 *   <li>An idle connection older than {@link Settings#validateAfterIdle()} (30 s by default) is
 *       {@link Connection#probe probed} before reuse, one older than {@link Settings#maxIdle()} is
 *       closed. Idle connections are reused most-recently-used first, so surplus ones age out.
 * </ul>
 */
public final class ConnectionPool implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());

  /**
   * Pool settings.
   *
   * @param maxPerAddress connections per address, leased and idle together (≥ 1)
   * @param borrowTimeout how long a borrower waits when all are leased
   * @param validateAfterIdle idle time after which a connection is probed before reuse
   * @param maxIdle idle time after which a connection is closed instead of reused
   * @param probeTimeout how long a probe waits for a closed socket to show itself
   */
  public record Settings(
      int maxPerAddress,
      Duration borrowTimeout,
      Duration validateAfterIdle,
      Duration maxIdle,
      Duration probeTimeout) {
    public Settings {
      if (maxPerAddress < 1) {
        throw new IllegalArgumentException("maxPerAddress must be at least 1: " + maxPerAddress);
      }
      Objects.requireNonNull(borrowTimeout, "borrowTimeout");
      Objects.requireNonNull(validateAfterIdle, "validateAfterIdle");
      Objects.requireNonNull(maxIdle, "maxIdle");
      Objects.requireNonNull(probeTimeout, "probeTimeout");
      if (maxIdle.compareTo(validateAfterIdle) < 0) {
        throw new IllegalArgumentException("maxIdle must not be shorter than validateAfterIdle");
      }
    }

    /** {@code max} per address, 30 s borrow wait, probe after 30 s idle, close after 5 min. */
    public static Settings of(int max) {
      return new Settings(
          max,
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          Duration.ofMillis(5));
    }
  }

  private final Connector connector;
  private final Settings settings;
  private final Ticker ticker;
  private final Map<HostPort, AddressPool> pools = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  private final AtomicLong probesFailed = new AtomicLong();
  private volatile boolean closed;

  public ConnectionPool(Connector connector, Settings settings, Ticker ticker) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  /**
   * A connection to {@code address}: an idle one if a usable one exists, else a new one.
   *
   * @throws PoolTimeoutException if every permit stayed leased for the borrow timeout
   * @throws IOException if connecting (or the handshake) failed
   */
  public Lease borrow(HostPort address) throws IOException {
    if (closed) {
      throw new IOException("connection pool is closed");
    }
    AddressPool pool = pools.computeIfAbsent(address, a -> new AddressPool());
    try {
      if (!pool.permits.tryAcquire(settings.borrowTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw new PoolTimeoutException(
            "no connection to "
                + address
                + " free within "
                + settings.borrowTimeout()
                + " ("
                + settings.maxPerAddress()
                + " in use)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("interrupted waiting for " + address);
      ie.initCause(e);
      throw ie;
    }
    try {
      Idle idle;
      while ((idle = pool.idle.pollFirst()) != null) {
        long idleNanos = ticker.nanoTime() - idle.sinceNanos();
        Connection c = idle.connection();
        if (c.isBroken() || idleNanos > settings.maxIdle().toNanos()) {
          discard(c);
          continue;
        }
        if (idleNanos > settings.validateAfterIdle().toNanos()
            && !c.probe(settings.probeTimeout())) {
          probesFailed.incrementAndGet();
          LOG.log(
              System.Logger.Level.DEBUG,
              "idle connection to {0} failed its probe after {1} ms; discarded",
              address,
              idleNanos / 1_000_000);
          discard(c);
          continue;
        }
        return new Lease(pool, c, true);
      }
      Connection c = connector.connect(address);
      created.incrementAndGet();
      return new Lease(pool, c, false);
    } catch (IOException | RuntimeException | Error e) {
      pool.permits.release();
      throw e;
    }
  }

  /**
   * Closes every idle connection to {@code address}: one of them just failed, and connections
   * pooled at the same time (before a server restart) are as dead.
   */
  public void evictIdle(HostPort address) {
    AddressPool p = pools.get(address);
    if (p != null) {
      drain(p);
    }
  }

  /** Idle connections to {@code address} (for tests and monitoring). */
  public int idleCount(HostPort address) {
    AddressPool p = pools.get(address);
    return p == null ? 0 : p.idle.size();
  }

  /** Connections to {@code address} currently leased. */
  public int leasedCount(HostPort address) {
    AddressPool p = pools.get(address);
    return p == null ? 0 : settings.maxPerAddress() - p.permits.availablePermits();
  }

  /** Connections opened so far. */
  public long createdCount() {
    return created.get();
  }

  /** Connections closed as broken, stale or surplus so far. */
  public long discardedCount() {
    return discarded.get();
  }

  /** Idle connections that failed their probe so far. */
  public long probeFailures() {
    return probesFailed.get();
  }

  /** Closes every idle connection; leased ones are closed when their lease ends. */
  @Override
  public void close() {
    closed = true;
    for (AddressPool p : pools.values()) {
      drain(p);
    }
  }

  private void drain(AddressPool p) {
    Idle idle;
    while ((idle = p.idle.pollFirst()) != null) {
      discard(idle.connection());
    }
  }

  private void discard(Connection c) {
    discarded.incrementAndGet();
    c.close();
  }

  private void giveBack(AddressPool pool, Connection c) {
    try {
      if (closed || c.isBroken() || c.payloadRemaining() != 0) {
        discard(c);
        return;
      }
      long now = ticker.nanoTime();
      pool.idle.offerFirst(new Idle(c, now));
      // Age out the least recently used ones while we are here: no background thread needed.
      Idle oldest;
      while ((oldest = pool.idle.peekLast()) != null
          && now - oldest.sinceNanos() > settings.maxIdle().toNanos()) {
        if (pool.idle.removeLastOccurrence(oldest)) {
          discard(oldest.connection());
        }
      }
      if (closed) {
        drain(pool); // close() ran while we were adding
      }
    } finally {
      pool.permits.release();
    }
  }

  private void drop(AddressPool pool, Connection c) {
    try {
      discard(c);
    } finally {
      pool.permits.release();
    }
  }

  private final class AddressPool {
    final Semaphore permits = new Semaphore(settings.maxPerAddress(), true);
    final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  }

  private record Idle(Connection connection, long sinceNanos) {}

  /**
   * One borrowed connection. End it exactly once: {@link #release()} (back to the pool if healthy)
   * or {@link #discard()} (close it); {@link #close()} releases. Later calls do nothing.
   */
  public final class Lease implements AutoCloseable {
    private final AddressPool pool;
    private final Connection connection;
    private final boolean reused;
    private final AtomicBoolean ended = new AtomicBoolean();

    private Lease(AddressPool pool, Connection connection, boolean reused) {
      this.pool = pool;
      this.connection = connection;
      this.reused = reused;
    }

    /** The connection; valid until the lease ends. */
    public Connection connection() {
      return connection;
    }

    /** True when the connection came from the idle list rather than a fresh connect. */
    public boolean reused() {
      return reused;
    }

    /** Returns the connection to the pool if it is healthy and in step, else closes it. */
    public void release() {
      if (ended.compareAndSet(false, true)) {
        giveBack(pool, connection);
      }
    }

    /** Closes the connection (an abandoned transfer, a failure). */
    public void discard() {
      if (ended.compareAndSet(false, true)) {
        drop(pool, connection);
      }
    }

    @Override
    public void close() {
      release();
    }
  }
}
