package org.mediadfs.storage.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.mediadfs.storage.tracker.Traffic;
import org.mediadfs.wire.Command;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.codec.ResponseCodec;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * The storage node's TCP server: a blocking {@link ServerSocketChannel}, one virtual thread per
 * connection, no selector. Blocking channels have no read timeout of their own, so a watchdog
 * closes any connection whose {@link Deadline} passed (idle between requests, or stalled inside one
 * in either direction): a slow or silent client holds one cheap virtual thread and a few kilobytes
 * for at most a timeout. Above {@code maxConnections} a new connection is answered BUSY and closed,
 * so threads and buffers stay bounded.
 */
public final class StorageServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StorageServer.class.getName());

  /** Bytes of the bulk buffers used for uploads. */
  static final int BULK_BUFFER = 1 << 20;

  /** Most bulk buffers at once (64 MiB). */
  static final int BULK_BUFFERS = 64;

  /** Largest control body a storage node accepts (its biggest request is a few hundred bytes). */
  static final int MAX_CONTROL_BODY = 16 * 1024;

  private final ServerSocketChannel listener;
  private final StorageService service;
  private final Traffic traffic;
  private final Limits limits;
  private final Duration idleTimeout;
  private final Duration readTimeout;
  private final int maxConnections;
  private final byte[] secret;
  private final Clock clock;
  private final BufferPool buffers = new BufferPool(BULK_BUFFER, BULK_BUFFERS);
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final Thread watchdog;
  private volatile Consumer<Request.ReplNotify> notifyListener = n -> {};
  private volatile boolean closed;

  /**
   * Binds and starts serving.
   *
   * @param bind the address and port (0 = ephemeral)
   * @param secret the cluster secret's bytes, empty for none
   */
  public StorageServer(
      InetSocketAddress bind,
      StorageService service,
      Traffic traffic,
      long maxUpload,
      Duration idleTimeout,
      Duration readTimeout,
      int maxConnections,
      byte[] secret,
      Clock clock)
      throws IOException {
    this.service = service;
    this.traffic = traffic;
    this.limits = new Limits(MAX_CONTROL_BODY, maxUpload);
    this.idleTimeout = idleTimeout;
    this.readTimeout = readTimeout;
    this.maxConnections = maxConnections;
    this.secret = secret.clone();
    this.clock = clock;
    this.listener = ServerSocketChannel.open();
    listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    listener.bind(bind, 1024);
    this.acceptor = Thread.ofPlatform().name("storage-accept").daemon(true).start(this::accept);
    this.watchdog = Thread.ofPlatform().name("storage-watchdog").daemon(true).start(this::watch);
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) listener.getLocalAddress();
  }

  /** Open connections. */
  public int connectionCount() {
    return connections.size();
  }

  /** Sets what a REPL_NOTIFY triggers (the replicator, issue 5). */
  public void onNotify(Consumer<Request.ReplNotify> listener) {
    this.notifyListener = listener;
  }

  Consumer<Request.ReplNotify> notifyListener() {
    return notifyListener;
  }

  BufferPool buffers() {
    return buffers;
  }

  private void accept() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // EMFILE and friends: keep serving the connections we have, try again shortly.
        LOG.log(System.Logger.Level.ERROR, "accept failed: {0}", e.toString());
        pause();
        continue;
      }
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        if (connections.size() >= maxConnections) {
          refuseBusy(ch);
          continue;
        }
        Deadline d = new Deadline(idleTimeout.toNanos(), readTimeout.toNanos());
        Connection c = new Connection(ch, this, service, d, limits, traffic, secret, clock);
        connections.add(c);
        traffic.connections().incrementAndGet();
        Thread.ofVirtual().name("storage-conn").start(c);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot set up a connection: {0}", e.toString());
        closeQuietly(ch);
      }
    }
  }

  private void refuseBusy(SocketChannel ch) {
    LOG.log(
        System.Logger.Level.WARNING,
        "refusing a connection: {0} connections open (limit {1})",
        connections.size(),
        maxConnections);
    try {
      ch.configureBlocking(false);
      ch.write(
          ByteBuffer.wrap(
              ResponseCodec.encode(
                  Command.STORAGE_REPLY,
                  new Response.Error(ErrorCode.BUSY, "too many connections"))));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "BUSY reply failed: {0}", e.toString());
    }
    closeQuietly(ch);
  }

  void closed(Connection c) {
    if (connections.remove(c)) {
      traffic.connections().decrementAndGet();
    }
  }

  private void watch() {
    while (!closed) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Connection c : connections) {
        if (c.deadline().expired(now)) {
          LOG.log(System.Logger.Level.DEBUG, "closing {0}: timed out", c);
          closeQuietly(c.channel());
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
    }
  }

  /** Stops accepting, closes every connection and waits briefly for the threads. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the listener: {0}", e.toString());
    }
    for (Connection c : connections) {
      closeQuietly(c.channel());
    }
    watchdog.interrupt();
    try {
      acceptor.join(Duration.ofSeconds(5));
      watchdog.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
