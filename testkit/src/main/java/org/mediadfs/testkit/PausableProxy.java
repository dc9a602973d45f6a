package org.mediadfs.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on a loopback port for fault tests: it forwards to a target and can be paused (bytes
 * stop flowing, connections stay open: a hung peer), cut (every connection is closed and new ones
 * are refused: a dead peer) or throttled to a rate in bytes per second (a slow peer). Stands in for
 * Toxiproxy, which is not available here.
 */
public final class PausableProxy implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PausableProxy.class.getName());

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition resumed = lock.newCondition();
  private volatile boolean paused;
  private volatile boolean cut;
  private volatile long bytesPerSecond;
  private volatile boolean closed;

  private PausableProxy(InetSocketAddress listen, InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen, 200);
    threads.submit(this::acceptLoop);
  }

  /** Starts a proxy to {@code host:port} on a free loopback port. */
  public static PausableProxy to(String host, int port) throws IOException {
    return new PausableProxy(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new InetSocketAddress(host, port));
  }

  /**
   * Starts a proxy to {@code host:port} listening on a given address. A node advertised as {@code
   * 127.0.0.2:p} while it listens on {@code 127.0.0.1:p} is reached by everyone through a proxy on
   * {@code 127.0.0.2:p} (the whole 127/8 block is loopback on Linux): its advertised port must be
   * its listening port, so the proxy takes another address rather than another port.
   */
  public static PausableProxy on(InetSocketAddress listen, String host, int port)
      throws IOException {
    return new PausableProxy(listen, new InetSocketAddress(host, port));
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Stops forwarding bytes; connections stay open. */
  public void pause() {
    paused = true;
  }

  /** Forwards again after {@link #pause()} or {@link #cut()}. */
  public void resume() {
    lock.lock();
    try {
      paused = false;
      cut = false;
      resumed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Closes every connection and refuses new ones until {@link #resume()}. */
  public void cut() {
    cut = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** Limits each direction of each connection to this rate; 0 removes the limit. */
  public void throttle(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cut) {
          client.close();
          continue;
        }
        threads.submit(() -> connect(client));
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "proxy accept failed", e);
        }
      }
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 5000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      open.add(client);
      open.add(upstream);
      threads.submit(() -> pump(client, upstream));
      threads.submit(() -> pump(upstream, client));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.INFO, "proxy cannot reach {0}: {1}", target, e.toString());
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      long windowStart = System.nanoTime();
      long windowBytes = 0;
      while (true) {
        int chunk = buf.length;
        long rate = bytesPerSecond;
        if (rate > 0) {
          chunk = (int) Math.max(1, Math.min(buf.length, rate / 20));
        }
        int n = in.read(buf, 0, chunk);
        if (n < 0) {
          break;
        }
        awaitNotPaused();
        if (cut) {
          break;
        }
        if (rate > 0) {
          windowBytes += n;
          long due = windowStart + windowBytes * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
          }
          if (System.nanoTime() - windowStart > 1_000_000_000L) {
            windowStart = System.nanoTime();
            windowBytes = 0;
          }
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away: the other side is closed below, as a real network would.
      LOG.log(System.Logger.Level.DEBUG, "proxy pump ended: {0}", e.toString());
    } finally {
      open.remove(from);
      open.remove(to);
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void awaitNotPaused() {
    if (!paused) {
      return;
    }
    lock.lock();
    try {
      while (paused && !closed) {
        resumed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    resume();
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
    threads.shutdownNow();
  }
}
