package org.mediadfs.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.FreePorts;

/**
 * A private {@code redis-server} for the suite, on a free loopback port, never the machine's 6379:
 * no persistence ({@code --save '' --appendonly no}), so a restart comes back empty, as a cache
 * server that lost its memory does. It can be stopped, killed, started again on the same port, and
 * frozen ({@code SIGSTOP}: connections stay open and nothing answers) and thawed.
 */
final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private volatile Process process;

  private RedisServer(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server with its log in {@code dir}. */
  static RedisServer start(Path dir) {
    RedisServer r = new RedisServer(FreePorts.next(), dir.toAbsolutePath());
    r.start();
    return r;
  }

  /** {@code host:port} as mediadfs.redis.address takes it. */
  String address() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Starts (again) on the same port and waits until it answers PING. */
  synchronized void start() {
    if (isAlive()) {
      throw new IllegalStateException("redis on " + port + " already runs");
    }
    try {
      Files.createDirectories(dir);
      ProcessBuilder pb =
          new ProcessBuilder(
              List.of(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--dir",
                  dir.toString()));
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
    }
    Await.until(
        Duration.ofSeconds(30),
        "redis-server answering on " + port,
        () -> {
          if (!isAlive()) {
            throw new IllegalStateException("redis-server exited: see " + dir.resolve("redis.log"));
          }
          return ping();
        });
  }

  /** True when the server answers PING within a second. */
  boolean ping() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM and wait; with no persistence configured it exits at once. */
  synchronized void stop() {
    Process p = process;
    if (p != null && p.isAlive()) {
      thaw();
      p.destroy();
      waitFor(p);
    }
  }

  /** {@code kill -9}. */
  synchronized void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      waitFor(p);
    }
  }

  /** {@code SIGSTOP}: the server hangs with every connection open. */
  void freeze() {
    signal("STOP");
  }

  /** {@code SIGCONT} after {@link #freeze()}. */
  void thaw() {
    signal("CONT");
  }

  private void signal(String sig) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    try {
      Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
      if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException("kill -" + sig + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void waitFor(Process p) {
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
