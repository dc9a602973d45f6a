package org.mediadfs.storage.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.tracker.Traffic;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.FrameTooLargeException;
import org.mediadfs.wire.HelloProof;
import org.mediadfs.wire.UnknownCommandException;
import org.mediadfs.wire.WireException;
import org.mediadfs.wire.codec.FrameReader;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * One client connection, served by its own virtual thread: requests are read and answered one at a
 * time, as many as the client sends (persistent connections, like the original's pooled clients).
 *
 * <p>Invariants: every request gets exactly one reply (seed bug 15), or the connection is closed
 * when no reply can be trusted any more; a malformed frame gets an error reply and then a close,
 * because the stream position is lost; an unknown command with a small body is answered and
 * skipped, so the connection goes on; an upload refused before its body was read has the body
 * skipped when small and the connection closed when large; nothing of a failed upload stays on disk
 * ({@link StorageService}). The error reply is produced here and only here (style rule 9).
 */
final class Connection implements Runnable {
  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  /** Bodies of refused uploads up to this size are read and dropped to keep the connection. */
  static final long DISCARD_LIMIT = 1 << 20;

  private final SocketChannel ch;
  private final StorageServer server;
  private final StorageService service;
  private final Deadline deadline;
  private final ChannelInput in;
  private final ChannelOutput out;
  private final FrameReader reader;
  private final FrameWriter writer;
  private final Traffic traffic;
  private final String peer;
  private final byte[] secret;
  private final Clock clock;
  private boolean helloPassed;

  /** The node ID a HELLO announced (a storage peer), or empty for a client. */
  private String helloNode = "";

  private boolean replyStarted;

  Connection(
      SocketChannel ch,
      StorageServer server,
      StorageService service,
      Deadline deadline,
      Limits limits,
      Traffic traffic,
      byte[] secret,
      Clock clock)
      throws IOException {
    this.ch = ch;
    this.server = server;
    this.service = service;
    this.deadline = deadline;
    this.in = new ChannelInput(ch, 4 * 1024, deadline);
    this.out = new ChannelOutput(ch, 8 * 1024, deadline);
    this.reader = new FrameReader(in, limits);
    this.writer = new FrameWriter(out);
    this.traffic = traffic;
    this.secret = secret;
    this.clock = clock;
    InetSocketAddress a = (InetSocketAddress) ch.getRemoteAddress();
    this.peer = a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  Deadline deadline() {
    return deadline;
  }

  SocketChannel channel() {
    return ch;
  }

  @Override
  public void run() {
    try {
      serve();
    } catch (ClosedChannelException e) {
      LOG.log(System.Logger.Level.DEBUG, "connection {0} closed (timeout or shutdown)", peer);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "connection {0} ended: {1}", peer, e.toString());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "connection " + peer + " failed", e);
    } finally {
      server.closed(this);
      try {
        ch.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", peer, e.toString());
      }
    }
  }

  private void serve() throws IOException {
    while (true) {
      deadline.idle();
      FrameHeader h;
      try {
        h = reader.readHeader();
      } catch (WireException e) {
        replyAndClose(e.code(), e.getMessage());
        return;
      }
      if (h == null) {
        return; // the client closed between requests
      }
      deadline.progress();
      Request request;
      try {
        request = reader.readRequest(h);
      } catch (UnknownCommandException e) {
        reply(new Response.Error(ErrorCode.UNKNOWN_COMMAND, e.getMessage()));
        if (h.bodyLength() <= reader.limits().maxControlBody()) {
          in.discard(h.bodyLength(), ByteBuffer.allocate(4096));
          continue;
        }
        lingerAndClose();
        return;
      } catch (FrameTooLargeException e) {
        replyAndClose(ErrorCode.TOO_LARGE, e.getMessage());
        return;
      } catch (WireException e) {
        replyAndClose(e.code(), e.getMessage());
        return;
      }
      if (!handle(request)) {
        return;
      }
    }
  }

  /** Answers one request; false when the connection must close. */
  private boolean handle(Request request) throws IOException {
    replyStarted = false;
    try {
      Response r =
          switch (request) {
            case Request.Upload u -> upload(u.ids(), u.fileSize(), "", -1, false);
            case Request.UploadEx u ->
                upload(u.ids(), u.fileSize(), u.contentType(), u.crc32c(), true);
            case Request.FileSize f -> service.fileSize(f.ids(), fromClient());
            case Request.Download d -> {
              try (StorageService.FileRange range =
                  service.openRange(d.ids(), d.offset(), d.size(), fromClient())) {
                send(new Response.Download(range.length()), range);
              }
              yield null;
            }
            case Request.Delete d ->
                service.transition(Mutation.Kind.DELETE, d.ids(), fromClient());
            case Request.Restore r2 ->
                service.transition(Mutation.Kind.RESTORE, r2.ids(), fromClient());
            case Request.Purge p -> service.transition(Mutation.Kind.PURGE, p.ids(), fromClient());
            case Request.Stat s -> service.stat(s.ids(), fromClient());
            case Request.ListFiles l ->
                service.list(l.userId(), l.after(), l.limit(), l.includeDeleted());
            case Request.Hello hello -> hello(hello);
            case Request.ReplLog l -> {
              requirePeer();
              yield service.replLog(l.nodeId(), l.afterSeq(), l.maxEntries());
            }
            case Request.ReplFetch f -> {
              requirePeer();
              try (StorageService.FileRange range = service.openForPeer(f.userId(), f.fileId())) {
                send(new Response.ReplFile(range.row().meta()), range);
              }
              yield null;
            }
            case Request.ReplNotify n -> {
              requirePeer();
              server.notifyListener().accept(n);
              yield new Response.Ok();
            }
            case Request.Join j -> notHere(j);
            case Request.Beat b -> notHere(b);
            case Request.StorageAddrs s -> notHere(s);
            case Request.Groups g -> notHere(g);
            case Request.JoinEx j -> notHere(j);
            case Request.BeatEx b -> notHere(b);
            case Request.Nodes n -> notHere(n);
            case Request.IdGet g -> notHere(g);
            case Request.IdRange g -> notHere(g);
          };
      if (r != null) {
        reply(r);
      }
    } catch (StorageException e) {
      if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.UNAVAILABLE) {
        LOG.log(
            System.Logger.Level.WARNING,
            "{0} from {1} failed: {2}",
            request.command(),
            peer,
            e.getMessage());
      }
      reply(new Response.Error(e.code(), e.getMessage()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, request.command() + " from " + peer + " failed", e);
      if (replyStarted) {
        return false;
      }
      reply(new Response.Error(ErrorCode.INTERNAL, "internal error: " + e));
    }
    long left = reader.payloadRemaining();
    if (left > 0) {
      // The request was refused before its bytes were read.
      if (left > DISCARD_LIMIT) {
        lingerAndClose();
        return false;
      }
      in.discard(left, ByteBuffer.allocate(16 * 1024));
      reader.consumed(left);
    }
    return true;
  }

  private Response upload(
      org.mediadfs.wire.message.IdBlock ids,
      long size,
      String contentType,
      long crc,
      boolean extended)
      throws StorageException, IOException {
    service.precheckUpload(ids, size, contentType);
    ByteBuffer big;
    try {
      big = server.buffers().acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(ErrorCode.BUSY, "shutting down");
    }
    try {
      Response.Uploaded u =
          service.upload(
              ids,
              size,
              contentType,
              crc,
              (file, sum, written, keep) -> {
                in.copyTo(file, size, sum, big, traffic, reader::consumed, written, keep);
                deadline.suspend(); // fsync and commit are ours, not the client's, to wait for
              });
      return extended ? u : new Response.Ok();
    } finally {
      server.buffers().release(big);
    }
  }

  private void send(Response header, StorageService.FileRange range) throws IOException {
    replyStarted = true;
    writer.writeResponse(Command.STORAGE_REPLY, header);
    // From here on an error cannot be reported in-band: the header promised the bytes.
    out.transferFrom(range.channel(), range.offset(), range.length(), traffic);
  }

  private Response hello(Request.Hello h) {
    if (secret.length > 0) {
      if (!HelloProof.verify(secret, h, clock.millis())) {
        LOG.log(System.Logger.Level.WARNING, "HELLO from {0} failed its proof", peer);
        return new Response.Error(ErrorCode.AUTH, "HELLO proof does not match the cluster secret");
      }
      helloPassed = true;
    }
    helloNode = h.nodeId();
    return HelloProof.reply(secret, service.nodeId(), h);
  }

  /**
   * True unless a storage peer announced itself with HELLO: a peer's STAT or read must not start a
   * read repair, which would ask the peer back (and so on).
   */
  private boolean fromClient() {
    return helloNode.isEmpty();
  }

  private void requirePeer() throws StorageException {
    if (secret.length > 0 && !helloPassed) {
      throw new StorageException(
          ErrorCode.AUTH, "the cluster has a secret: send HELLO before replication requests");
    }
  }

  private static Response notHere(Request r) {
    return new Response.Error(
        ErrorCode.UNKNOWN_COMMAND,
        "unknown command: " + r.command().code() + " (not served by a storage node)");
  }

  private void reply(Response r) throws IOException {
    replyStarted = true;
    writer.writeResponse(Command.STORAGE_REPLY, r);
  }

  private void replyAndClose(ErrorCode code, String text) {
    try {
      reply(new Response.Error(code, text));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "error reply to {0} failed: {1}", peer, e.toString());
    }
    lingerAndClose();
  }

  /**
   * Half-closes, then drops what the client still sends for a moment: closing a socket with unread
   * input makes the kernel send a reset, which can destroy the error reply before the client reads
   * it.
   */
  private void lingerAndClose() {
    try {
      ch.shutdownOutput();
      ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
      long deadlineNanos = System.nanoTime() + 2_000_000_000L;
      long drained = 0;
      deadline.at(deadlineNanos);
      while (System.nanoTime() < deadlineNanos && drained < 64L * DISCARD_LIMIT) {
        scratch.clear();
        int n = ch.read(scratch);
        if (n < 0) {
          break;
        }
        drained += n;
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", peer, e.toString());
    }
  }

  @Override
  public String toString() {
    return "Connection[" + peer + "]";
  }
}
