package org.mediadfs.web.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.RangeStream;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.testkit.Await;
import org.mediadfs.testkit.FreePorts;
import org.mediadfs.testkit.JavaProcess;
import org.mediadfs.testkit.PayaraMicro;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.message.NodeStatus;

/**
 * Figures of the streaming servlet (issue 7), not a test: run by hand, results go to the report.
 *
 * <ol>
 *   <li>Time to first byte of a seek in a 1 GiB file through the web tier: a 64 KiB range at a
 *       random offset on a kept-alive HTTP connection, from sending the request to reading the
 *       first body byte (p50/p99, HdrHistogram); next to it the same seek straight from the storage
 *       node with the client library (the floor the web tier adds to).
 *   <li>Aggregate throughput of 50 concurrent streams (each reads 32 MiB ranges at random offsets,
 *       back to back) through the web tier, against 50 concurrent direct downloads from the storage
 *       node with the client library; and one stream of each.
 * </ol>
 *
 * It starts its own Payara Micro (the built WAR, full JIT, {@code -Xmx1g}) and one storage node on
 * free ports under {@code target/bench}, or uses a running cluster: {@code StreamBench [webBase
 * trackers]}. Other options as system properties: {@code bench.seeks} (1000), {@code bench.seconds}
 * (15), {@code bench.streams} (50).
 */
public final class StreamBench {
  private static final long FILE = 1L << 30;
  private static final int SEEK = 64 * 1024;
  private static final long RANGE = 32L << 20;

  private StreamBench() {}

  public static void main(String[] args) throws Exception {
    int seeks = Integer.getInteger("bench.seeks", 1000);
    Duration run = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    int streams = Integer.getInteger("bench.streams", 50);
    List<AutoCloseable> started = new ArrayList<>();
    URI web;
    String trackers;
    if (args.length >= 2) {
      web = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
      trackers = args[1];
    } else {
      Path dir = Path.of("target", "bench", Long.toString(System.currentTimeMillis()));
      int tracker = FreePorts.next();
      int id = FreePorts.next();
      int http = FreePorts.next();
      JavaProcess payara = payara(dir, tracker, id, http);
      started.add(payara);
      StorageProcess node =
          StorageProcess.start(
              "bench",
              dir,
              Map.of(
                  "mediadfs.storage.group",
                  "group001",
                  "mediadfs.storage.trackers",
                  "127.0.0.1:" + tracker,
                  "mediadfs.storage.id-servers",
                  "127.0.0.1:" + id,
                  "mediadfs.storage.heartbeat-seconds",
                  "1"));
      started.add(node);
      web = URI.create("http://127.0.0.1:" + http + "/");
      trackers = "127.0.0.1:" + tracker;
    }
    try (MediadfsClient client =
        MediadfsClient.create(ClientConfig.builder(trackers).storagePoolSize(128).build())) {
      Await.until(
          Duration.ofMinutes(2),
          "an ACTIVE storage node",
          () -> client.nodes().stream().anyMatch(n -> n.status() == NodeStatus.ACTIVE));
      long t0 = System.nanoTime();
      String fileId =
          client
              .upload(
                  "tnvideo",
                  "bench-user",
                  new Pattern(FILE),
                  FILE,
                  UploadOptions.DEFAULTS.withContentType("video/mp4"))
              .fileId();
      System.out.printf(
          Locale.ROOT, "uploaded 1 GiB in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, fileId);
      URI file = web.resolve("files/" + fileId);
      awaitServed(file);

      seekWeb(file, 200, new Histogram(3)); // warm-up (JIT, pools, page cache)
      seekDirect(client, fileId, 200, new Histogram(3));
      Histogram viaWeb = new Histogram(3);
      Histogram direct = new Histogram(3);
      seekWeb(file, seeks, viaWeb);
      seekDirect(client, fileId, seeks, direct);
      System.out.printf(Locale.ROOT, "%nseek: time to first byte of a 64 KiB range in 1 GiB%n");
      System.out.printf(Locale.ROOT, "%-30s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms");
      print("through the web tier", viaWeb);
      print("storage node direct (client)", direct);

      System.out.printf(
          Locale.ROOT, "%nthroughput: 32 MiB ranges at random offsets for %d s%n", run.toSeconds());
      double direct1 = throughput(1, run, i -> readDirect(client, fileId, i));
      double web1 = throughput(1, run, i -> readWeb(file, i));
      double directN = throughput(streams, run, i -> readDirect(client, fileId, i));
      double webN = throughput(streams, run, i -> readWeb(file, i));
      System.out.printf(Locale.ROOT, "%-34s %10s %10s %7s%n", "", "web MiB/s", "direct", "ratio");
      System.out.printf(
          Locale.ROOT, "%-34s %10.0f %10.0f %7.2f%n", "1 stream", web1, direct1, web1 / direct1);
      System.out.printf(
          Locale.ROOT,
          "%-34s %10.0f %10.0f %7.2f%n",
          streams + " concurrent streams (aggregate)",
          webN,
          directN,
          webN / directN);
      System.out.printf(
          Locale.ROOT,
          "(kept-alive connections closed by the server and reopened: %d)%n",
          Http.RECONNECTS.sum());
      client.delete("tnvideo", "bench-user", fileId);
      client.purge("tnvideo", "bench-user", fileId);
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
    }
  }

  private static JavaProcess payara(Path dir, int tracker, int id, int http) {
    Path war =
        Path.of(System.getProperty("mediadfs.web.war", "target/mediadfs-web-0.1.0-SNAPSHOT.war"));
    Path jar = Path.of(System.getProperty("mediadfs.payara.jar", "target/it/payara-micro.jar"));
    JavaProcess p =
        JavaProcess.of(
            "payara-bench",
            List.of("-Xmx1g", PayaraMicro.VT_CARRIERS),
            Map.of(
                "mediadfs.data-dir", dir.resolve("app").toAbsolutePath().toString(),
                "mediadfs.tracker.port", Integer.toString(tracker),
                "mediadfs.id.port", Integer.toString(id),
                "mediadfs.tracker.bind", "127.0.0.1",
                "mediadfs.id.bind", "127.0.0.1"),
            List.of(
                "-jar",
                jar.toAbsolutePath().toString(),
                "--deploy",
                war.toAbsolutePath().toString(),
                "--contextroot",
                "/",
                "--port",
                Integer.toString(http),
                "--nocluster",
                "--rootdir",
                dir.resolve("payara").toAbsolutePath().toString()),
            dir.resolve("payara.log").toAbsolutePath());
    p.start();
    p.awaitPort("127.0.0.1", tracker, Duration.ofMinutes(4));
    p.awaitPort("127.0.0.1", http, Duration.ofMinutes(4));
    return p;
  }

  private static void awaitServed(URI file) {
    HttpClient h = HttpClient.newHttpClient();
    Await.until(
        Duration.ofMinutes(2),
        "the web tier serves " + file,
        () ->
            h.send(
                        HttpRequest.newBuilder(file).header("Range", "bytes=0-0").build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 206);
  }

  /** Seeks on one kept-alive HTTP/1.1 connection, timing the first body byte. */
  private static void seekWeb(URI file, int n, Histogram h) throws IOException {
    SplittableRandom rnd = new SplittableRandom(1);
    try (Http c = new Http(file)) {
      for (int i = 0; i < n; i++) {
        long off = rnd.nextLong(FILE - SEEK);
        long t = System.nanoTime();
        long body = c.get("bytes=" + off + "-" + (off + SEEK - 1));
        h.recordValue((System.nanoTime() - t) / 1000);
        if (body != SEEK) {
          throw new IOException("range of " + body + " bytes");
        }
      }
    }
  }

  private static void seekDirect(MediadfsClient client, String id, int n, Histogram h)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < n; i++) {
      long off = rnd.nextLong(FILE - SEEK);
      long t = System.nanoTime();
      try (RangeStream in = client.openRange("tnvideo", "bench-user", id, off, SEEK)) {
        in.read();
        h.recordValue((System.nanoTime() - t) / 1000);
        in.readAllBytes();
      }
    }
  }

  private static void print(String name, Histogram h) {
    System.out.printf(
        Locale.ROOT,
        "%-30s %9.2f %9.2f %9.2f%n",
        name,
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  @FunctionalInterface
  private interface Reader {
    long read() throws IOException;
  }

  @FunctionalInterface
  private interface ReaderFactory {
    Reader make(int index) throws IOException;
  }

  /** Aggregate MiB/s of {@code n} workers reading ranges back to back for {@code run}. */
  private static double throughput(int n, Duration run, ReaderFactory factory) throws Exception {
    LongAdder bytes = new LongAdder();
    long end = System.nanoTime() + run.toNanos();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Reader r = factory.make(i);
        fs.add(
            ex.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    bytes.add(r.read());
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return bytes.sum() / ((System.nanoTime() - t0) / 1e9) / (1 << 20);
    }
  }

  private static Reader readDirect(MediadfsClient client, String id, int seed) {
    SplittableRandom rnd = new SplittableRandom(100 + seed);
    byte[] buf = new byte[64 * 1024];
    return () -> {
      long off = rnd.nextLong(FILE - RANGE);
      long n = 0;
      try (RangeStream in = client.openRange("tnvideo", "bench-user", id, off, RANGE)) {
        int k;
        while ((k = in.read(buf)) > 0) {
          n += k;
        }
      }
      return n;
    };
  }

  private static Reader readWeb(URI file, int seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(200 + seed);
    Http c = new Http(file);
    return () -> {
      long off = rnd.nextLong(FILE - RANGE);
      return c.get("bytes=" + off + "-" + (off + RANGE - 1));
    };
  }

  /** A minimal kept-alive HTTP/1.1 GET client: the JDK's adds work we do not want to time. */
  private static final class Http implements AutoCloseable {
    /** Kept-alive connections the server closed (Payara ends one after 250 requests). */
    static final LongAdder RECONNECTS = new LongAdder();

    private final URI uri;
    private Socket s;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[64 * 1024];

    Http(URI uri) throws IOException {
      this.uri = uri;
      connect();
    }

    private void connect() throws IOException {
      s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
      in = s.getInputStream();
      out = s.getOutputStream();
    }

    /** GETs a range and reads the whole body; returns its length. */
    long get(String range) throws IOException {
      try {
        return once(range);
      } catch (ClosedEarly e) {
        // The server closed the kept-alive connection between two requests: count, reconnect.
        RECONNECTS.increment();
        s.close();
        connect();
        return once(range);
      }
    }

    /** The server closed the connection before answering. */
    private static final class ClosedEarly extends IOException {}

    private long once(String range) throws IOException {
      try {
        send(range);
      } catch (java.net.SocketException e) {
        throw new ClosedEarly();
      }
      return receive();
    }

    private void send(String range) throws IOException {
      out.write(
          ("GET "
                  + uri.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + uri.getAuthority()
                  + "\r\nRange: "
                  + range
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    private long receive() throws IOException {
      long length = -1;
      boolean any = false;
      StringBuilder line = new StringBuilder();
      while (true) {
        int c;
        try {
          c = in.read();
        } catch (java.net.SocketException e) {
          c = -1;
        }
        if (c < 0) {
          if (!any) {
            throw new ClosedEarly();
          }
          throw new IOException("connection closed in the headers");
        }
        any = true;
        if (c == '\n') {
          String l = line.toString().strip();
          if (l.isEmpty()) {
            break;
          }
          if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
            length = Long.parseLong(l.substring(15).strip());
          }
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("connection closed in the body");
        }
        left -= n;
      }
      return length;
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  /** 1 GiB of cheap, non-repeating-per-page bytes, generated as read. */
  private static final class Pattern extends InputStream {
    private final long size;
    private long pos;

    Pattern(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (pos >= size) {
        return -1;
      }
      return (int) (pos++ * 31 + (pos >>> 12)) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        long p = pos + i;
        b[off + i] = (byte) (p * 31 + (p >>> 12));
      }
      pos += n;
      return n;
    }
  }
}
