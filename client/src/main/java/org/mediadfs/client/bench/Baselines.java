package org.mediadfs.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 *       ceiling for a single large upload or download over loopback (best of several runs).
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

  /**
   * Copies {@code bytes} through a loopback socket, the best of {@code runs}: blocking socket
   * channels with direct buffers on both ends, so the figure is the kernel's, not a Java copy's.
   */
  static Stats loopbackCopy(long bytes, byte[] pattern, int runs) throws Exception {
    Stats best = null;
    for (int i = 0; i < runs; i++) {
      Stats s = loopbackCopyOnce(bytes, pattern);
      best = best == null || s.nanos() < best.nanos() ? s : best;
    }
    return best;
  }

  private static Stats loopbackCopyOnce(long bytes, byte[] pattern) throws Exception {
    try (ServerSocketChannel ss =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Long> sink =
          ex.submit(
              () -> {
                try (SocketChannel s = ss.accept()) {
                  ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                  long got = 0;
                  int n;
                  while (got < bytes && (n = s.read(b.clear())) > 0) {
                    got += n;
                  }
                  s.write(ByteBuffer.wrap(new byte[] {1})); // acknowledge, like a reply
                  return got;
                }
              });
      ByteBuffer src = ByteBuffer.allocateDirect(pattern.length).put(pattern).flip();
      long t0;
      long t1;
      try (SocketChannel c = SocketChannel.open(ss.getLocalAddress())) {
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        t0 = System.nanoTime();
        long sent = 0;
        while (sent < bytes) {
          src.clear().limit((int) Math.min(src.capacity(), bytes - sent));
          while (src.hasRemaining()) {
            sent += c.write(src);
          }
        }
        ByteBuffer ack = ByteBuffer.allocate(1);
        if (c.read(ack) != 1) {
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

  /** {@link #durableWrite(Path, long, byte[])}, the best of {@code runs}. */
  static Stats durableWrite(Path dir, long bytes, byte[] pattern, int runs) throws IOException {
    Stats best = null;
    for (int i = 0; i < runs; i++) {
      Stats s = durableWrite(dir, bytes, pattern);
      best = best == null || s.nanos() < best.nanos() ? s : best;
    }
    return best;
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
