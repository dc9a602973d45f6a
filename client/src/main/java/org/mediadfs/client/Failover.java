package org.mediadfs.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mediadfs.client.transport.Connection;
import org.mediadfs.client.transport.ConnectionPool;
import org.mediadfs.client.transport.HandshakeException;
import org.mediadfs.client.transport.Sleeper;
import org.mediadfs.client.transport.Ticker;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Which server to ask, and what to do when it fails: the client's selection, failover and retry
 * logic in one place, separate from the operations so that it can be unit-tested with fake
 * connections.
 *
 * <ul>
 *   <li>Trackers: a random start, then round the list (seed-reference §7). Socket errors and
 *       retryable error replies move on to the next tracker; any other reply is final.
 *   <li>Storage nodes: the tracker's list in its order. Socket errors <em>and</em> retryable error
 *       replies (NOT_HERE_YET, DISK_FULL, BUSY, ...) move on to the next node (seed bug 17: the
 *       original moved on only after socket errors). NOT_FOUND, DELETED and the other final codes
 *       end the operation at once.
 *   <li>A pass over all candidates that settles nothing is followed by a backoff and another pass,
 *       at most {@link RetryPolicy#maxAttempts()} passes in all; then {@link
 *       MediadfsUnavailableException} with every failure attached.
 *   <li>A socket error on a pooled (reused) connection evicts that address's idle connections and
 *       retries the same address once on a fresh connection: after a server restart every pooled
 *       connection to it is dead, and that must not count as the server being down.
 * </ul>
 */
final class Failover {
  private static final System.Logger LOG = System.getLogger(Failover.class.getName());

  /** One operation on one server. */
  @FunctionalInterface
  interface Call<T> {
    T apply(Attempt attempt) throws IOException, ErrorReplyException;
  }

  /**
   * A call's view of one try: the connection, where it goes, and whether an earlier try may already
   * have done the work (its request went out and then the socket failed), so that the call can
   * recognise its own earlier success (a DELETED after an ambiguous delete, a CONFLICT with the
   * same checksum after an ambiguous upload).
   */
  static final class Attempt {
    private final ConnectionPool.Lease lease;
    private final String group;
    private final boolean ambiguousBefore;
    private boolean kept;

    Attempt(ConnectionPool.Lease lease, String group, boolean ambiguousBefore) {
      this.lease = lease;
      this.group = group;
      this.ambiguousBefore = ambiguousBefore;
    }

    Connection connection() {
      return lease.connection();
    }

    HostPort address() {
      return lease.connection().address();
    }

    /** The group of the node, or empty for trackers. */
    String group() {
      return group;
    }

    /** True when an earlier try sent its request and then lost the connection. */
    boolean ambiguousBefore() {
      return ambiguousBefore;
    }

    ConnectionPool.Lease lease() {
      return lease;
    }

    /** The call's result now owns the lease (an open download stream): do not end it. */
    void keep() {
      kept = true;
    }
  }

  /** A local failure (reading the source, writing the sink): never a reason to try elsewhere. */
  static final class LocalIoException extends IOException {
    LocalIoException(IOException cause) {
      super(cause.getMessage(), cause);
    }

    IOException local() {
      return (IOException) getCause();
    }
  }

  /** An outcome that ends the operation as it is, whatever its code's retryability. */
  static final class FinalException extends IOException {
    private final IOException outcome;

    FinalException(IOException outcome) {
      super(outcome.getMessage(), outcome);
      this.outcome = outcome;
    }

    IOException outcome() {
      return outcome;
    }
  }

  /** The request cannot be sent again (its source stream was consumed): stop here. */
  static final class NotReplayableException extends IOException {
    NotReplayableException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private record RouteKey(String appId, String userId) {}

  private final List<HostPort> trackers;
  private final ConnectionPool trackerPool;
  private final ConnectionPool storagePool;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Cache<RouteKey, Route> routes;

  Failover(
      List<HostPort> trackers,
      ConnectionPool trackerPool,
      ConnectionPool storagePool,
      RetryPolicy retry,
      Duration routeCacheTtl,
      Ticker ticker,
      Sleeper sleeper,
      RandomGenerator random) {
    this.trackers = List.copyOf(trackers);
    this.trackerPool = Objects.requireNonNull(trackerPool);
    this.storagePool = Objects.requireNonNull(storagePool);
    this.retry = Objects.requireNonNull(retry);
    this.sleeper = Objects.requireNonNull(sleeper);
    this.random = Objects.requireNonNull(random);
    this.routes =
        routeCacheTtl.isZero()
            ? null
            : Caffeine.newBuilder()
                .expireAfterWrite(routeCacheTtl)
                .maximumSize(10_000)
                .ticker(ticker::nanoTime)
                .executor(Runnable::run)
                .build();
  }

  /** A tracker call with the full retry policy. */
  <T> T tracker(String what, Call<T> call) throws IOException {
    Failures failures = new Failures(what);
    for (int pass = 1; ; pass++) {
      Outcome<T> o = trackerPass(call, failures);
      if (o.done()) {
        return o.value();
      }
      backoff(pass, failures);
    }
  }

  /**
   * A storage call for a user's file: ask the tracker (or the route cache) for the user's nodes,
   * then try them in order, with the full retry policy.
   */
  <T> T storage(String what, String appId, String userId, String fileId, Call<T> call)
      throws IOException {
    return storage(what, appId, userId, fileId, null, call);
  }

  /**
   * As {@link #storage(String, String, String, String, Call)}, trying {@code avoid} (a node that
   * just failed the same transfer) only after the others.
   */
  <T> T storage(
      String what, String appId, String userId, String fileId, HostPort avoid, Call<T> call)
      throws IOException {
    Failures failures = new Failures(what);
    RouteKey key = new RouteKey(appId, userId);
    for (int pass = 1; ; pass++) {
      Route route = routes == null ? null : routes.getIfPresent(key);
      if (route == null) {
        Outcome<Route> r = trackerPass(a -> fetchRoute(a, appId, userId, fileId), failures);
        if (r.done()) {
          route = r.value();
          if (routes != null && !route.nodes().isEmpty()) {
            routes.put(key, route);
          }
        }
      }
      if (route != null) {
        if (route.nodes().isEmpty()) {
          failures.add(new IOException("the tracker named no storage node for user " + userId));
        }
        List<HostPort> order = route.nodes();
        if (avoid != null && order.contains(avoid)) {
          order = new ArrayList<>(order);
          order.remove(avoid);
          order.add(avoid);
        }
        Outcome<T> o = pass(storagePool, order, route.groupName(), call, failures);
        if (o.done()) {
          return o.value();
        }
        if (routes != null) {
          routes.invalidate(key); // the next pass asks the tracker again
        }
      }
      backoff(pass, failures);
    }
  }

  /** A call to a given list of nodes (LIST on a group), in order, with the full retry policy. */
  <T> T nodes(String what, List<HostPort> nodes, String group, Call<T> call) throws IOException {
    Failures failures = new Failures(what);
    for (int pass = 1; ; pass++) {
      Outcome<T> o = pass(storagePool, nodes, group, call, failures);
      if (o.done()) {
        return o.value();
      }
      backoff(pass, failures);
    }
  }

  /** The tracker's route for a user, asked now (no cache). */
  Route route(String appId, String userId) throws IOException {
    return tracker("storage addresses of " + userId, a -> fetchRoute(a, appId, userId, ""));
  }

  /** Forgets the cached route of a user. */
  void forgetRoute(String appId, String userId) {
    if (routes != null) {
      routes.invalidate(new RouteKey(appId, userId));
    }
  }

  private static Route fetchRoute(Attempt a, String appId, String userId, String fileId)
      throws IOException, ErrorReplyException {
    Response.StorageAddrs s =
        WireConnection.as(
            a.connection().call(new Request.StorageAddrs(new IdBlock(appId, userId, fileId))),
            Response.StorageAddrs.class);
    return new Route(s.groupName(), s.addresses());
  }

  private <T> Outcome<T> trackerPass(Call<T> call, Failures failures) throws IOException {
    int start = random.nextInt(trackers.size());
    List<HostPort> order = new ArrayList<>(trackers.size());
    for (int i = 0; i < trackers.size(); i++) {
      order.add(trackers.get((start + i) % trackers.size()));
    }
    return pass(trackerPool, order, "", call, failures);
  }

  private <T> Outcome<T> pass(
      ConnectionPool pool, List<HostPort> order, String group, Call<T> call, Failures failures)
      throws IOException {
    for (HostPort address : order) {
      boolean freshRetryUsed = false;
      while (true) {
        ConnectionPool.Lease lease;
        try {
          lease = pool.borrow(address);
        } catch (HandshakeException e) {
          throw MediadfsException.of(e.reply(), e.server());
        } catch (InterruptedIOException e) {
          throw e;
        } catch (IOException e) {
          failures.add(new IOException("cannot connect to " + address + ": " + e.getMessage(), e));
          break;
        }
        Attempt attempt = new Attempt(lease, group, failures.ambiguous);
        try {
          T value = call.apply(attempt);
          if (!attempt.kept) {
            lease.release();
          }
          return Outcome.of(value);
        } catch (ErrorReplyException e) {
          endAfterError(lease, e.code());
          if (!e.code().retryable()) {
            throw MediadfsException.of(e, address);
          }
          failures.reply(e, address);
          break;
        } catch (MediadfsException e) {
          endAfterError(lease, e.code());
          if (!e.retryable()) {
            throw e;
          }
          failures.add(e);
          break;
        } catch (FinalException e) {
          lease.release();
          throw e.outcome();
        } catch (LocalIoException e) {
          lease.discard();
          throw e.local();
        } catch (NotReplayableException e) {
          lease.discard();
          failures.add(e.getCause());
          throw failures.exhausted();
        } catch (InterruptedIOException e) {
          lease.discard();
          throw e;
        } catch (IOException | RuntimeException e) {
          lease.discard();
          failures.ambiguous = true;
          if (lease.reused() && !freshRetryUsed && e instanceof IOException) {
            // Probably a pooled connection the server closed (restart, idle timeout): the others
            // pooled for it are as stale. Try once more on a new connection before moving on.
            freshRetryUsed = true;
            pool.evictIdle(address);
            LOG.log(
                System.Logger.Level.DEBUG,
                "pooled connection to {0} failed ({1}); retrying on a new one",
                address,
                e.toString());
            continue;
          }
          if (e instanceof RuntimeException re) {
            throw re;
          }
          failures.add(new IOException(address + ": " + e.getMessage(), e));
          break;
        }
      }
    }
    return Outcome.notYet();
  }

  /**
   * Ends a lease after an error reply. Most error replies leave the connection in step; after these
   * the server closes it (docs/protocol.md §7; the original closed after every error, hence
   * GENERIC), so it is not pooled.
   */
  private static void endAfterError(ConnectionPool.Lease lease, ErrorCode code) {
    switch (code) {
      case GENERIC, BAD_REQUEST, UNKNOWN_COMMAND, TOO_LARGE, AUTH, PROTOCOL_VERSION ->
          lease.discard();
      default -> lease.release();
    }
  }

  private void backoff(int pass, Failures failures) throws IOException {
    if (pass >= retry.maxAttempts()) {
      throw failures.exhausted();
    }
    Duration d = retry.backoff(pass, random);
    LOG.log(
        System.Logger.Level.DEBUG,
        "{0}: pass {1} failed ({2}); retrying in {3} ms",
        failures.what,
        pass,
        failures.last == null ? "-" : failures.last.getMessage(),
        d.toMillis());
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException(failures.what + ": interrupted");
      ie.initCause(e);
      throw ie;
    }
  }

  private record Outcome<T>(boolean done, T value) {
    static <T> Outcome<T> of(T v) {
      return new Outcome<>(true, v);
    }

    static <T> Outcome<T> notYet() {
      return new Outcome<>(false, null);
    }
  }

  /** What went wrong so far in one operation. */
  private static final class Failures {
    final String what;
    final List<Throwable> all = new ArrayList<>();
    Throwable last;
    MediadfsException lastCoded;
    boolean ambiguous;

    Failures(String what) {
      this.what = what;
    }

    void add(Throwable t) {
      all.add(t);
      last = t;
      if (t instanceof MediadfsException m) {
        lastCoded = m;
      }
    }

    void reply(ErrorReplyException e, HostPort from) {
      add(MediadfsException.of(e, from));
    }

    MediadfsUnavailableException exhausted() {
      MediadfsUnavailableException ex;
      if (lastCoded != null) {
        ex =
            new MediadfsUnavailableException(
                lastCoded.code(),
                lastCoded.number(),
                what + " failed on every server; last: " + lastCoded.serverText(),
                lastCoded.server(),
                last);
      } else {
        ex =
            new MediadfsUnavailableException(
                ErrorCode.UNAVAILABLE,
                ErrorCode.UNAVAILABLE.number(),
                what
                    + " failed: no server reachable"
                    + (last == null ? "" : "; last: " + last.getMessage()),
                null,
                last);
      }
      for (Throwable t : all) {
        if (t != last) {
          ex.addSuppressed(t);
        }
      }
      return ex;
    }
  }
}
