package org.mediadfs.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The physical limits the benchmark compares mediadfs with, measured in the same run on the same
 * machine: what a raw loopback TCP copy and a durable file write achieve with no protocol, no
 * database and no server logic in the way.
 *
 * <ul>
 *   <li>{@link #loopbackCopy}: one socket, one writer, one reader discarding the bytes — the
 *       ceiling for a single large upload or download over loopback.
 *   <li>{@link #durableWrite}: write a new file in 1 MiB chunks, then one {@code fdatasync} ({@code
 *       FileChannel.force(false)}), like {@code dd bs=1M conv=fdatasync} — the ceiling for storing
 *       a large file durably.
 *   <li>{@link #roundTrips}: request/reply pairs over loopback at a given concurrency, one socket
 *       per worker — the ceiling for small operations.
 *   <li>{@link #durableSmallWrites}: create, write, {@code fsync} and close a small file per
 *       operation at a given concurrency — the ceiling for acknowledging small files one fsync each
 *       (a node that commits several files per fsync can beat it).
 * </ul>
 */
final class Baselines {
  private static final int CHUNK = 256 * 1024;

  private Baselines() {}

  /** Copies {@code bytes} through a loopback socket. */
  static Stats loopbackCopy(long bytes, byte[] pattern) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Long> sink =
          ex.submit(
              () -> {
                try (Socket s = ss.accept()) {
                  InputStream in = s.getInputStream();
                  byte[] b = new byte[CHUNK];
                  long got = 0;
                  int n;
                  while (got < bytes && (n = in.read(b)) > 0) {
                    got += n;
                  }
                  s.getOutputStream().write(1); // acknowledge, like a reply
                  s.getOutputStream().flush();
                  return got;
                }
              });
      long t0;
      long t1;
      try (Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort())) {
        c.setTcpNoDelay(true);
        OutputStream out = c.getOutputStream();
        t0 = System.nanoTime();
        long sent = 0;
        while (sent < bytes) {
          int at = (int) (sent % pattern.length);
          int n = (int) Math.min(Math.min(CHUNK, pattern.length - at), bytes - sent);
          out.write(pattern, at, n);
          sent += n;
        }
        out.flush();
        if (c.getInputStream().read() != 1) {
          throw new IOException("loopback sink did not acknowledge");
        }
        t1 = System.nanoTime();
      }
      long got = sink.get();
      if (got != bytes) {
        throw new IOException("loopback sink got " + got + " of " + bytes + " bytes");
      }
      return new Stats(1, bytes, t1 - t0, null);
    }
  }

  /** Writes {@code bytes} to a new file under {@code dir}, then fdatasync; deletes the file. */
  static Stats durableWrite(Path dir, long bytes, byte[] pattern) throws IOException {
    Files.createDirectories(dir);
    Path f = Files.createTempFile(dir, "mediadfs-bench-", ".dat");
    try {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      long t0 = System.nanoTime();
      try (FileChannel ch =
          FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        long done = 0;
        while (done < bytes) {
          int at = (int) (done % pattern.length);
          int n = (int) Math.min(Math.min(buf.capacity(), pattern.length - at), bytes - done);
          buf.clear();
          buf.put(pattern, at, n).flip();
          while (buf.hasRemaining()) {
            done += ch.write(buf);
          }
        }
        ch.force(false);
      }
      long t1 = System.nanoTime();
      return new Stats(1, bytes, t1 - t0, null);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /**
   * {@code ops} request/reply pairs of the given sizes over loopback, spread over {@code
   * concurrency} workers with a socket each; an echo-like server answers each request.
   */
  static Stats roundTrips(int requestSize, int replySize, int concurrency, int ops)
      throws Exception {
    try (ServerSocket ss = new ServerSocket(0, concurrency + 8, InetAddress.getLoopbackAddress());
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      ex.submit(
          () -> {
            while (!ss.isClosed()) {
              Socket s;
              try {
                s = ss.accept();
              } catch (IOException closed) {
                return null;
              }
              ex.submit(() -> serveRoundTrips(s, requestSize, replySize));
            }
            return null;
          });
      AtomicLong next = new AtomicLong();
      List<Future<Histogram>> workers = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int w = 0; w < concurrency; w++) {
        workers.add(
            ex.submit(
                () -> {
                  Histogram h = Stats.histogram();
                  try (Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort())) {
                    c.setTcpNoDelay(true);
                    OutputStream out = c.getOutputStream();
                    InputStream in = c.getInputStream();
                    byte[] req = new byte[requestSize];
                    byte[] rep = new byte[replySize];
                    while (next.getAndIncrement() < ops) {
                      long s = System.nanoTime();
                      out.write(req);
                      out.flush();
                      if (in.readNBytes(rep, 0, replySize) != replySize) {
                        throw new IOException("short reply");
                      }
                      h.recordValue((System.nanoTime() - s) / 1000);
                    }
                  }
                  return h;
                }));
      }
      Histogram all = Stats.histogram();
      for (Future<Histogram> f : workers) {
        all.add(f.get());
      }
      long t1 = System.nanoTime();
      ss.close();
      return new Stats(ops, (long) ops * (requestSize + replySize), t1 - t0, all);
    }
  }

  private static Void serveRoundTrips(Socket s, int requestSize, int replySize) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] req = new byte[requestSize];
      byte[] rep = new byte[replySize];
      while (in.readNBytes(req, 0, requestSize) == requestSize) {
        out.write(rep);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return null;
  }

  /**
   * {@code ops} small files created, written, fsynced and closed by {@code concurrency} workers.
   */
  static Stats durableSmallWrites(Path dir, int size, int concurrency, int ops) throws Exception {
    Path d = Files.createTempDirectory(Files.createDirectories(dir), "mediadfs-bench-small-");
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      AtomicLong next = new AtomicLong();
      byte[] data = new byte[size];
      List<Future<Histogram>> workers = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int w = 0; w < concurrency; w++) {
        workers.add(
            ex.submit(
                () -> {
                  Histogram h = Stats.histogram();
                  long i;
                  while ((i = next.getAndIncrement()) < ops) {
                    long s = System.nanoTime();
                    try (FileChannel ch =
                        FileChannel.open(
                            d.resolve("f" + i),
                            StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                      ByteBuffer b = ByteBuffer.wrap(data);
                      while (b.hasRemaining()) {
                        ch.write(b);
                      }
                      ch.force(true);
                    }
                    h.recordValue((System.nanoTime() - s) / 1000);
                  }
                  return h;
                }));
      }
      Histogram all = Stats.histogram();
      for (Future<Histogram> f : workers) {
        all.add(f.get());
      }
      long t1 = System.nanoTime();
      return new Stats(ops, (long) ops * size, t1 - t0, all);
    } finally {
      try (var files = Files.list(d)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(d);
    }
  }
}
