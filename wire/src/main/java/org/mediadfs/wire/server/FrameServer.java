package org.mediadfs.wire.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.FrameHeader;
import org.mediadfs.wire.TruncatedFrameException;
import org.mediadfs.wire.UnknownCommandException;
import org.mediadfs.wire.WireException;
import org.mediadfs.wire.codec.FrameReader;
import org.mediadfs.wire.codec.FrameWriter;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * A blocking TCP server for the mediadfs protocol: one thread per connection (a virtual thread when
 * the given {@link ThreadFactory} makes them), persistent connections (many requests per socket, as
 * the original's pooled clients expect), and a bounded answer to every bad frame.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Nothing is allocated from a frame before its header is checked against {@link Limits}.
 *   <li>An unknown command gets an {@link ErrorCode#UNKNOWN_COMMAND} reply; its body is skipped
 *       when it is small, so the connection goes on; a large one closes the connection.
 *   <li>Any other malformed frame gets an error reply with the exception's code, then the
 *       connection is closed: its stream position can no longer be trusted.
 *   <li>One connection's failure never touches another; the accept loop survives every error but
 *       the closing of its own socket.
 *   <li>At most {@link Settings#maxConnections()} connections are open; the next one is answered
 *       with {@link ErrorCode#BUSY} and closed.
 * </ul>
 *
 * Handlers never see sockets: a {@link Session} per connection turns requests into responses.
 */
public final class FrameServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FrameServer.class.getName());

  /**
   * Per-connection buffers: requests and replies of these servers are small (a 400-byte ID block).
   */
  private static final int BUFFER = 4096;

  /**
   * Accept threads. Two, because making a connection's thread (with a container's managed factory,
   * saving the caller's context) happens on the accepting thread: a second one overlaps that work
   * with the next accept.
   */
  private static final int ACCEPTORS = 2;

  /**
   * What a server needs to know.
   *
   * @param name for logs and thread names ("tracker", "id")
   * @param bind the address to listen on; port 0 picks a free port
   * @param server the kind of server; requests meant for another kind get {@code UNKNOWN_COMMAND}
   * @param replyCommand the command byte of every reply ({@link Command#TRACKER_REPLY}, ...)
   * @param limits decoding bounds; servers that take no files use a payload maximum of 0
   * @param idleTimeout a connection silent for this long is closed
   * @param maxConnections connections open at once
   * @param backlog the listen backlog
   */
  public record Settings(
      String name,
      InetSocketAddress bind,
      Command.Server server,
      Command replyCommand,
      Limits limits,
      Duration idleTimeout,
      int maxConnections,
      int backlog) {
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(server, "server");
      if (!replyCommand.isReply()) {
        throw new IllegalArgumentException(replyCommand + " is not a reply command");
      }
      if (maxConnections < 1 || backlog < 1) {
        throw new IllegalArgumentException("maxConnections and backlog must be positive");
      }
      if (idleTimeout.isNegative() || idleTimeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("idle timeout out of range: " + idleTimeout);
      }
    }
  }

  private final Settings settings;
  private final ThreadFactory acceptThreads;
  private final ThreadFactory threads;
  private final Function<InetSocketAddress, Session> sessions;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile ServerSocket server;

  private final List<Thread> acceptors = new CopyOnWriteArrayList<>();
  private volatile boolean running;

  /**
   * @param settings address, limits, timeouts
   * @param threads makes the accept thread and one thread per connection
   * @param sessions opens the session of a new connection, given the peer's address
   */
  public FrameServer(
      Settings settings, ThreadFactory threads, Function<InetSocketAddress, Session> sessions) {
    this(settings, threads, threads, sessions);
  }

  /**
   * @param settings address, limits, timeouts
   * @param acceptThreads makes the accept threads. A platform thread blocks in {@code accept()}
   *     itself; a virtual one parks and is woken by the JDK's poller: one more hand-off per
   *     connection, which a client that opens a connection per request (the original's ID client)
   *     pays every time
   * @param threads makes one thread per connection
   * @param sessions opens the session of a new connection, given the peer's address
   */
  public FrameServer(
      Settings settings,
      ThreadFactory acceptThreads,
      ThreadFactory threads,
      Function<InetSocketAddress, Session> sessions) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.acceptThreads = Objects.requireNonNull(acceptThreads, "acceptThreads");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /**
   * Binds the socket and starts accepting. Binding happens here, in the caller's thread, so that a
   * port already in use fails the start instead of a background thread.
   *
   * @throws IOException if the address cannot be bound
   */
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException(settings.name() + " server already started");
    }
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(settings.bind(), settings.backlog());
    } catch (IOException e) {
      s.close();
      throw new IOException(
          "cannot bind the " + settings.name() + " server to " + settings.bind() + ": " + e, e);
    }
    server = s;
    running = true;
    for (int i = 0; i < ACCEPTORS; i++) {
      Thread t = acceptThreads.newThread(this::acceptLoop);
      if (t == null) {
        close();
        throw new IOException("the thread factory refused to make the accept thread");
      }
      t.setName(settings.name() + "-accept-" + i);
      acceptors.add(t);
      t.start();
    }
    LOG.log(
        Level.INFO, () -> settings.name() + " server listening on " + s.getLocalSocketAddress());
  }

  /** The port actually bound (useful when the configured port is 0), or -1 before start. */
  public int port() {
    ServerSocket s = server;
    return s == null ? -1 : s.getLocalPort();
  }

  /** Connections open now. */
  public int openConnections() {
    return open.size();
  }

  /** Connections accepted since start. */
  public long acceptedConnections() {
    return accepted.get();
  }

  private void acceptLoop() {
    ServerSocket s = server;
    while (running) {
      Socket socket;
      try {
        socket = s.accept();
      } catch (IOException e) {
        if (running) {
          // accept() fails for reasons local to one connection (e.g. it was reset before being
          // accepted) or because of resource limits; keep serving, but do not spin.
          LOG.log(Level.WARNING, () -> settings.name() + " server: accept failed: " + e);
          pause();
        }
        continue;
      }
      accepted.incrementAndGet();
      if (open.size() >= settings.maxConnections()) {
        refuseBusy(socket);
        continue;
      }
      open.add(socket);
      Thread t;
      try {
        t = threads.newThread(() -> serve(socket));
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, settings.name() + " server: cannot make a connection thread", e);
        t = null;
      }
      if (t == null) {
        refuseBusy(socket);
        open.remove(socket);
        continue;
      }
      t.start();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void refuseBusy(Socket socket) {
    try (socket) {
      FrameWriter w = new FrameWriter(socket.getOutputStream());
      w.writeError(settings.replyCommand(), ErrorCode.BUSY, "too many connections");
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "could not refuse " + socket.getRemoteSocketAddress() + ": " + e);
    }
  }

  private void serve(Socket socket) {
    InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
    Session session = null;
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) settings.idleTimeout().toMillis());
      FrameInput raw = new FrameInput(socket.getInputStream(), BUFFER);
      FrameReader reader = new FrameReader(raw, settings.limits());
      FrameWriter writer =
          new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
      session = sessions.apply(peer);
      while (running && serveOne(peer, reader, writer, raw, session)) {
        // One request per turn. Replies to requests that arrived together (pipelined ID_GETs)
        // leave in one write: flush unless the next request is already here whole.
        if (!raw.holdsWholeFrame()) {
          writer.flush();
        }
      }
    } catch (SocketTimeoutException e) {
      LOG.log(Level.DEBUG, () -> settings.name() + ": closing idle connection from " + peer);
    } catch (TruncatedFrameException | SocketException e) {
      LOG.log(Level.DEBUG, () -> settings.name() + ": connection from " + peer + " ended: " + e);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, settings.name() + ": connection from " + peer + " failed", e);
    } finally {
      open.remove(socket);
      if (session != null) {
        try {
          session.closed();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, settings.name() + ": session close failed for " + peer, e);
        }
      }
    }
  }

  /** Serves one request; false when the connection must end. */
  private boolean serveOne(
      InetSocketAddress peer,
      FrameReader reader,
      FrameWriter writer,
      InputStream raw,
      Session session)
      throws IOException {
    Command reply = settings.replyCommand();
    FrameHeader h;
    try {
      h = reader.readHeader();
    } catch (TruncatedFrameException e) {
      throw e;
    } catch (WireException e) {
      reject(writer, peer, e);
      return false;
    }
    if (h == null) {
      return false; // the peer closed between requests: the normal end of a connection
    }
    Command.Server target =
        Command.find(h.command()).map(Command::server).orElse(Command.Server.NONE);
    if (target != settings.server() && target != Command.Server.ANY) {
      // Unknown codes, replies sent as requests, and commands of another kind of server (an
      // upload sent to the tracker): the same answer, and the body is never decoded.
      writer.writeError(reply, ErrorCode.UNKNOWN_COMMAND, notServed(h.command()));
      if (h.bodyLength() <= settings.limits().maxControlBody()) {
        raw.skipNBytes(h.bodyLength()); // the frame is whole again: keep the connection
        return true;
      }
      return false;
    }
    Request request;
    try {
      request = reader.readRequest(h);
    } catch (UnknownCommandException e) {
      writer.writeError(reply, ErrorCode.UNKNOWN_COMMAND, e.getMessage());
      if (h.bodyLength() <= settings.limits().maxControlBody()) {
        raw.skipNBytes(h.bodyLength()); // the frame is whole again: keep the connection
        return true;
      }
      return false;
    } catch (TruncatedFrameException e) {
      throw e;
    } catch (WireException e) {
      reject(writer, peer, e);
      return false;
    }
    if (request.payloadLength() > 0) {
      // Only servers that take files accept payloads; here the limits allow none, so this is
      // unreachable unless a caller configured a payload maximum without handling payloads.
      writer.writeError(reply, ErrorCode.UNKNOWN_COMMAND, request.command() + " not served here");
      return false;
    }
    Response response;
    try {
      response = session.handle(request);
    } catch (RuntimeException e) {
      LOG.log(
          Level.ERROR, settings.name() + ": " + request.command() + " from " + peer + " failed", e);
      response = new Response.Error(ErrorCode.INTERNAL, "internal error: " + e);
    }
    writer.queueResponse(reply, response); // flushed by the caller
    return true;
  }

  private String notServed(int code) {
    return Command.find(code)
        .map(c -> c + " (" + code + ") is not served by the " + settings.name() + " server")
        .orElse("unknown command: " + code);
  }

  private void reject(FrameWriter writer, InetSocketAddress peer, WireException e) {
    LOG.log(Level.DEBUG, () -> settings.name() + ": bad frame from " + peer + ": " + e);
    try {
      writer.writeError(settings.replyCommand(), e.code(), e.getMessage());
    } catch (IOException io) {
      LOG.log(Level.DEBUG, () -> "could not send the error to " + peer + ": " + io);
    }
  }

  /** Stops accepting, closes every connection and waits briefly for the accept thread. */
  @Override
  public synchronized void close() {
    running = false;
    ServerSocket s = server;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, settings.name() + " server: close failed", e);
      }
    }
    for (Socket c : open) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "close of " + c + " failed: " + e);
      }
    }
    for (Thread t : acceptors) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    LOG.log(Level.INFO, () -> settings.name() + " server stopped");
  }
}
