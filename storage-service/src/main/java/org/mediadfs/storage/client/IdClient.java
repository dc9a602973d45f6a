package org.mediadfs.storage.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Gets file-path IDs from the ID servers (seed-reference §6.3, key = the group name so that every
 * member of a group draws from one sequence and lays a file out at the same relative path).
 *
 * <p>Unlike the original (seed bug 14) the reply is decoded as a frame and its status checked: an
 * error reply is never taken for an ID. Servers are tried in turn starting from a rotating index
 * (the original re-seeded {@code rand} every call, seed bug 12); a socket failure or a retryable
 * error moves on to the next server, a non-retryable one fails at once. Connections are kept open
 * and reused (a small idle pool per server), as a busy node asks for thousands of IDs a second.
 *
 * <p>IDs are asked for in runs ({@code ID_RANGE}, one request for many IDs) where the server knows
 * that command; the original's ID server does not (it answers "unknown command: 41" and closes the
 * connection), so such a server is asked with pipelined {@code ID_GET}s instead, and with a run
 * again after {@link #RANGE_RETRY}. A run costs the ID server one request instead of one per
 * upload.
 */
public final class IdClient implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(IdClient.class.getName());
  private static final int MAX_IDLE_PER_SERVER = 32;

  /** IDs asked for at once with pipelined ID_GETs, on one connection. */
  private static final int PIPELINE = 64;

  /** How long a server that did not know ID_RANGE is asked with ID_GET only. */
  static final Duration RANGE_RETRY = Duration.ofMinutes(5);

  private final List<HostPort> servers;
  private final Handshake handshake;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final List<ConcurrentLinkedDeque<WireConnection>> idle = new ArrayList<>();

  /** Per server: System.nanoTime() before which it is not asked for runs (0: ask). */
  private final AtomicLongArray noRangeUntil;

  private final AtomicInteger next = new AtomicInteger();
  private final java.util.concurrent.ConcurrentLinkedQueue<Long> prefetched =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean refilling =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile String prefetchKey;
  private volatile int prefetch;
  private volatile boolean closed;

  public IdClient(
      List<HostPort> servers, Handshake handshake, Duration connectTimeout, Duration readTimeout) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no ID server configured");
    }
    this.servers = List.copyOf(servers);
    this.handshake = handshake;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    for (int i = 0; i < servers.size(); i++) {
      idle.add(new ConcurrentLinkedDeque<>());
    }
    this.noRangeUntil = new AtomicLongArray(servers.size());
  }

  /**
   * Keeps up to {@code count} IDs for {@code key} fetched ahead by a background thread, so an
   * upload does not wait for the ID server's round trip. IDs still unused when the node stops are
   * never used (a gap in the sequence, as after the ID server's own restart); a file's path stays
   * unique because every ID is handed out once.
   */
  public void prefetch(String key, int count) {
    this.prefetchKey = key;
    this.prefetch = count;
    refill();
  }

  /**
   * The next ID for {@code key}: a prefetched one when available, else fetched now.
   *
   * @throws IdUnavailableException when no server gave one; its code says why
   */
  public long nextId(String key) throws IdUnavailableException {
    if (key.equals(prefetchKey)) {
      Long id = prefetched.poll();
      if (prefetched.size() < prefetch / 2) {
        refill();
      }
      if (id != null) {
        return id;
      }
    }
    return fetch(key, 1)[0];
  }

  private void refill() {
    String key = prefetchKey;
    if (key == null || prefetch <= 0 || closed || !refilling.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("id-prefetch")
        .start(
            () -> {
              try {
                int missing;
                while (!closed && (missing = prefetch - prefetched.size()) > 0) {
                  for (long id : fetch(key, missing)) {
                    prefetched.add(id);
                  }
                }
              } catch (IdUnavailableException e) {
                // Uploads fetch synchronously meanwhile and report the failure to their clients.
                LOG.log(System.Logger.Level.DEBUG, "ID prefetch paused: {0}", e.getMessage());
              } finally {
                refilling.set(false);
              }
            });
  }

  /**
   * Up to {@code n} IDs from one server: one run, or (from a server that does not know runs) up to
   * {@value #PIPELINE} ID_GETs asked for on one connection without waiting for each reply (the
   * server answers requests in order); at least one, or an exception.
   */
  private long[] fetch(String key, int n) throws IdUnavailableException {
    int start = Math.floorMod(next.getAndIncrement(), servers.size());
    IdUnavailableException last = null;
    for (int k = 0; k < servers.size(); k++) {
      int i = (start + k) % servers.size();
      HostPort server = servers.get(i);
      // A pooled connection may have been closed by the server while idle: retry once on a fresh
      // one.
      for (int attempt = 0; attempt < 2; attempt++) {
        WireConnection c = null;
        boolean pooled = false;
        try {
          c = idle.get(i).pollFirst();
          pooled = c != null;
          if (c == null) {
            c = open(server);
          }
          long[] ids;
          if (asksForRuns(i)) {
            ids = run(c, i, key, n);
            if (ids == null) {
              // An ID server that predates runs (the original's): it closed the connection.
              c = open(server);
              pooled = false;
              ids = pipelined(c, key, Math.min(n, PIPELINE));
            }
          } else {
            ids = pipelined(c, key, Math.min(n, PIPELINE));
          }
          release(i, c);
          for (long id : ids) {
            if (id < 0) {
              throw new IdUnavailableException(
                  ErrorCode.INTERNAL, "ID server " + server + " returned a negative ID " + id);
            }
          }
          return ids;
        } catch (ErrorReplyException e) {
          release(i, c);
          last =
              new IdUnavailableException(
                  e.code() == ErrorCode.GENERIC ? ErrorCode.UNAVAILABLE : e.code(),
                  "ID server " + server + " refused key " + key + ": " + e.getMessage());
          if (!e.code().retryable() && e.code() != ErrorCode.GENERIC) {
            throw last;
          }
          LOG.log(System.Logger.Level.WARNING, last.getMessage());
          break;
        } catch (IOException e) {
          closeQuietly(c);
          last =
              new IdUnavailableException(
                  ErrorCode.UNAVAILABLE, "ID server " + server + " failed: " + e.getMessage());
          if (!pooled) {
            LOG.log(System.Logger.Level.WARNING, last.getMessage());
            break;
          }
          // The server probably restarted: every idle connection to it is stale.
          WireConnection stale;
          while ((stale = idle.get(i).pollFirst()) != null) {
            closeQuietly(stale);
          }
        }
      }
    }
    throw last != null
        ? last
        : new IdUnavailableException(ErrorCode.UNAVAILABLE, "no ID server answered");
  }

  private boolean asksForRuns(int server) {
    long until = noRangeUntil.get(server);
    return until == 0 || System.nanoTime() - until >= 0;
  }

  /**
   * Up to {@code n} IDs as one run (ID_RANGE), or null when the server does not know that command;
   * the connection is closed then, as the server closes it.
   */
  private long[] run(WireConnection c, int server, String key, int n)
      throws IOException, ErrorReplyException {
    Request.IdRange request = new Request.IdRange(key, Math.min(n, Request.IdRange.MAX_COUNT));
    c.send(request);
    c.flush();
    Response.IdSpan span;
    try {
      span = WireConnection.as(c.receive(request), Response.IdSpan.class);
    } catch (ErrorReplyException e) {
      if (!unknownCommand(e)) {
        throw e;
      }
      closeQuietly(c);
      noRangeUntil.set(server, System.nanoTime() + RANGE_RETRY.toNanos());
      LOG.log(
          System.Logger.Level.INFO,
          "ID server {0} does not hand out runs of IDs ({1}); asking it one ID at a time for {2}",
          servers.get(server),
          e.getMessage(),
          RANGE_RETRY);
      return null;
    }
    long[] ids = new long[span.count()];
    for (int j = 0; j < ids.length; j++) {
      ids[j] = span.first() + j;
    }
    return ids;
  }

  /** The original's ID server answers an unknown command with errno -1 and this text. */
  private static boolean unknownCommand(ErrorReplyException e) {
    return e.code() == ErrorCode.UNKNOWN_COMMAND
        || (e.code() == ErrorCode.GENERIC && e.text().startsWith("unknown command"));
  }

  /**
   * Up to {@code n} IDs asked for with ID_GETs on one connection without waiting for each reply; at
   * least one, or the first refusal.
   */
  private static long[] pipelined(WireConnection c, String key, int n)
      throws IOException, ErrorReplyException {
    Request.IdGet request = new Request.IdGet(key);
    for (int j = 0; j < n; j++) {
      c.queue(request);
    }
    c.flush(); // one segment for all of them
    // Every request gets its reply: read them all, so the connection stays in step.
    long[] ids = new long[n];
    int got = 0;
    ErrorReplyException refused = null;
    for (int j = 0; j < n; j++) {
      try {
        ids[got] = WireConnection.as(c.receive(request), Response.IdValue.class).id();
        got++;
      } catch (ErrorReplyException e) {
        refused = refused == null ? e : refused;
      }
    }
    if (got > 0) {
      return got == n ? ids : java.util.Arrays.copyOf(ids, got);
    }
    throw refused;
  }

  private WireConnection open(HostPort server) throws IOException {
    WireConnection c = WireConnection.open(server, connectTimeout, readTimeout, Limits.DEFAULT);
    try {
      handshake.perform(c);
      return c;
    } catch (ErrorReplyException e) {
      c.close();
      throw new IOException("HELLO refused by ID server " + server + ": " + e.getMessage(), e);
    } catch (IOException e) {
      c.close();
      throw e;
    }
  }

  private void release(int i, WireConnection c) {
    if (c == null) {
      return;
    }
    if (closed || c.isBroken() || idle.get(i).size() >= MAX_IDLE_PER_SERVER) {
      closeQuietly(c);
    } else {
      idle.get(i).offerFirst(c);
    }
  }

  private static void closeQuietly(WireConnection c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing ID connection: {0}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ConcurrentLinkedDeque<WireConnection> q : idle) {
      WireConnection c;
      while ((c = q.pollFirst()) != null) {
        closeQuietly(c);
      }
    }
  }

  /** No ID could be had; {@link #code()} is what the upload answers with. */
  public static final class IdUnavailableException extends Exception {
    private final ErrorCode code;

    public IdUnavailableException(ErrorCode code, String message) {
      super(message);
      this.code = code;
    }

    /** The error code to reply with. */
    public ErrorCode code() {
      return code;
    }
  }
}
