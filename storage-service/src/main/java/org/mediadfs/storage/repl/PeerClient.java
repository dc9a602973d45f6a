package org.mediadfs.storage.repl;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.mediadfs.storage.client.Handshake;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The calls one storage node makes to one peer of its group: read the peer's replication log, fetch
 * a file, STAT, LIST, notify. Connections are pooled (a few idle ones are kept) and each starts
 * with HELLO, always: it proves the cluster secret when there is one, and it tells the peer that
 * the caller is a member, so the peer never answers a STAT with a read repair of its own (which
 * would ask this node back). Thread-safe.
 */
public final class PeerClient implements AutoCloseable {
  /** Most idle connections kept per peer. */
  static final int MAX_IDLE = 4;

  /** Log entries or files asked for per page. */
  public static final int PAGE = 1000;

  private final String peerId;
  private final HostPort address;
  private final String selfId;
  private final Handshake handshake;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final ConcurrentLinkedDeque<WireConnection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /**
   * @param peerId the peer's node ID
   * @param address where it listens
   * @param selfId this node's ID (sent in replication requests)
   */
  public PeerClient(
      String peerId,
      HostPort address,
      String selfId,
      Handshake handshake,
      Duration connectTimeout,
      Duration readTimeout) {
    this.peerId = peerId;
    this.address = address;
    this.selfId = selfId;
    this.handshake = handshake;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /** The peer's node ID. */
  public String peerId() {
    return peerId;
  }

  /** The peer's address. */
  public HostPort address() {
    return address;
  }

  /** Receives a fetched file's bytes. */
  @FunctionalInterface
  public interface Sink<T> {
    /**
     * Consumes exactly {@code meta.size()} bytes from {@code in} (or fails).
     *
     * @param meta the peer's current metadata of the file
     */
    T accept(FileMeta meta, InputStream in) throws IOException;
  }

  /** A unit of work on one connection. */
  @FunctionalInterface
  private interface Call<T> {
    T run(WireConnection c) throws IOException, ErrorReplyException;
  }

  private <T> T withConnection(Call<T> call) throws IOException, ErrorReplyException {
    if (closed) {
      throw new IOException("peer client of " + peerId + " is closed");
    }
    WireConnection c = idle.pollFirst();
    if (c == null) {
      c = WireConnection.open(address, connectTimeout, readTimeout, Limits.DEFAULT);
      try {
        handshake.identify(c, peerId);
      } catch (IOException | ErrorReplyException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    try {
      T result = call.run(c);
      recycle(c);
      return result;
    } catch (ErrorReplyException e) {
      recycle(c); // an error reply leaves the connection in step
      throw e;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void recycle(WireConnection c) throws IOException {
    if (c.isBroken() || c.payloadRemaining() > 0 || closed || idle.size() >= MAX_IDLE) {
      c.close();
    } else {
      idle.offerFirst(c);
    }
  }

  /**
   * REPL_LOG: entries after {@code afterSeq}; also tells the peer how far this node has applied.
   */
  public Response.ReplLog log(long afterSeq, int max) throws IOException, ErrorReplyException {
    return withConnection(
        c -> c.expect(new Request.ReplLog(selfId, afterSeq, max), Response.ReplLog.class));
  }

  /**
   * REPL_FETCH: the peer's active file, streamed to {@code sink}.
   *
   * @throws ErrorReplyException NOT_FOUND, DELETED, NOT_HERE_YET (its copy is not intact)...
   */
  public <T> T fetch(String userId, String fileId, Sink<T> sink)
      throws IOException, ErrorReplyException {
    return withConnection(
        c -> {
          Request.ReplFetch f = new Request.ReplFetch(selfId, userId, fileId);
          c.send(f);
          Response.ReplFile file = WireConnection.as(c.receive(f), Response.ReplFile.class);
          try (InputStream in = c.payload()) {
            T out = sink.accept(file.meta(), in);
            if (c.payloadRemaining() > 0) {
              c.markBroken();
            }
            return out;
          } catch (IOException | RuntimeException e) {
            c.markBroken();
            throw e;
          }
        });
  }

  /**
   * STAT on the peer (an empty user ID matches any owner).
   *
   * @return the peer's metadata whatever its status, or empty when the peer has no such file
   */
  public Optional<FileMeta> stat(IdBlock ids) throws IOException, ErrorReplyException {
    return withConnection(
        c -> {
          try {
            return Optional.of(c.expect(new Request.Stat(ids), Response.Stat.class).meta());
          } catch (ErrorReplyException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  /** LIST of every file of the peer (all owners, deleted and purged included). */
  public Response.FileList list(String after, int limit) throws IOException, ErrorReplyException {
    return withConnection(
        c -> c.expect(new Request.ListFiles("", after, limit, true), Response.FileList.class));
  }

  /** REPL_NOTIFY: this node's log grew to {@code seq}. */
  public void notifyLog(long seq) throws IOException, ErrorReplyException {
    withConnection(c -> c.expect(new Request.ReplNotify(selfId, seq), Response.Ok.class));
  }

  @Override
  public void close() {
    closed = true;
    WireConnection c;
    while ((c = idle.pollFirst()) != null) {
      try {
        c.close();
      } catch (IOException e) {
        System.getLogger(PeerClient.class.getName())
            .log(System.Logger.Level.DEBUG, "closing a connection to {0}: {1}", peerId, e);
      }
    }
  }

  @Override
  public String toString() {
    return "peer " + peerId + " at " + address;
  }
}
