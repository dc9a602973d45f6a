package org.mediadfs.storage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.mediadfs.testkit.FreePorts;
import org.mediadfs.testkit.JavaProcess;
import org.mediadfs.testkit.PayaraMicro;
import org.mediadfs.testkit.Trees;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * Benchmarks of a storage node (issue 4's speed targets), not a timed test. Starts the real Payara
 * Micro (tracker + ID server) and one storage node in its own JVM with a JFR recording, then
 * measures from this JVM over loopback with persistent connections:
 *
 * <ul>
 *   <li>4 KiB uploads and downloads per second at 16 concurrent clients, 1 MiB uploads MiB/s;
 *   <li>one 256 MiB upload and download, next to a raw loopback socket copy and a {@code dd
 *       conv=fdatasync} write (and its Java equivalent, write + force) measured in the same run;
 *   <li>the node's RSS with 1,000 open connections;
 *   <li>JFR {@code jdk.VirtualThreadPinned} events (threshold 0) of the node under that load.
 * </ul>
 *
 * Run: {@code java -cp <test classpath> org.mediadfs.storage.bench.StorageBench [seconds]}.
 */
public final class StorageBench {
  static final String SECRET = "bench-secret-0123456789";
  static final int CLIENTS = 16;

  private final Map<String, String> results = new LinkedHashMap<>();
  private java.time.Instant warmedUp = java.time.Instant.MAX;
  private HostPort node;
  private long[] cpuPids = {};

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path work = Files.createTempDirectory("mediadfs-bench-");
    try {
      new StorageBench().run(work, seconds);
    } finally {
      // The node's files, logs and JFR recording: hundreds of MiB a run.
      if (Boolean.getBoolean("bench.keep")) {
        System.out.println("kept (logs, JFR recording, store): " + work);
      } else {
        Trees.delete(work);
      }
    }
  }

  void run(Path work, int seconds) throws Exception {
    try (PayaraMicro payara =
        PayaraMicro.start(
            work.resolve("payara"),
            Map.of(
                "mediadfs.cluster.secret", SECRET, "mediadfs.tracker.groups", "group001;group002"),
            PayaraMicro.DEPLOYED_JVM)) {
      int port = FreePorts.next();
      Path jfr = work.resolve("node.jfr");
      Map<String, String> props = new LinkedHashMap<>();
      props.put("mediadfs.storage.group", "group001");
      props.put("mediadfs.storage.bind", "127.0.0.1");
      props.put("mediadfs.storage.port", Integer.toString(port));
      props.put("mediadfs.storage.data-dir", work.resolve("node/data").toString());
      props.put("mediadfs.storage.roots", work.resolve("node/store").toString());
      props.put("mediadfs.storage.reserved", "1G");
      props.put("mediadfs.storage.trackers", payara.tracker().toString());
      props.put("mediadfs.storage.id-servers", payara.idServer().toString());
      props.put("mediadfs.cluster.secret", SECRET);
      props.put("mediadfs.storage.scrub.bytes-per-second", "0");
      props.put("mediadfs.storage.max-connections", "5000");
      List<String> jvm = new ArrayList<>();
      jvm.add("-Xmx256m"); // as bin/mediadfs starts a node
      jvm.add("--enable-native-access=ALL-UNNAMED");
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + jfr
              + ",dumponexit=true,settings="
              + System.getProperty("bench.jfr", "default")
              + ",jdk.VirtualThreadPinned#threshold=0ms");
      // e.g. -Dbench.nodeJvmArgs="-XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit" for perf
      String extra = System.getProperty("bench.nodeJvmArgs", "").strip();
      if (!extra.isEmpty()) {
        jvm.addAll(List.of(extra.split("\\s+")));
      }
      JavaProcess proc =
          JavaProcess.of(
              "bench-node",
              jvm,
              props,
              List.of(
                  "-cp", System.getProperty("java.class.path"), "org.mediadfs.storage.StorageMain"),
              work.resolve("node.log"));
      proc.start();
      proc.awaitPort("127.0.0.1", port, Duration.ofMinutes(2));
      node = new HostPort("127.0.0.1", port);
      cpuPids = new long[] {proc.pid(), payara.process().pid(), ProcessHandle.current().pid()};
      try {
        // A fresh JVM compiles for its first seconds (C2 took 40% of the node's CPU 6 s in).
        smallUploads(Duration.ofSeconds(Long.getLong("bench.warmup", 12)), false);
        warmedUp = java.time.Instant.now();
        smallUploads(Duration.ofSeconds(seconds), true);
        if (Boolean.getBoolean("bench.uploadsOnly")) {
          return;
        }
        List<String> files = smallUploads(Duration.ofSeconds(2), false);
        smallDownloads(files, Duration.ofSeconds(seconds));
        largeUploads(1 << 20, Duration.ofSeconds(seconds));
        big(work);
      } finally {
        proc.stop(Duration.ofSeconds(30));
      }
      pinned(jfr);
      // RSS without the JFR recording (its buffers are not the node's), with the JVM options of
      // bin/mediadfs (G1, 256 MiB heap) and a smaller heap. (The serial collector touched its whole
      // young generation at once: 170 MiB idle against G1's 109.)
      for (String heap : List.of("-Xmx256m", "-Xmx128m")) {
        props.put("mediadfs.storage.data-dir", work.resolve("rss" + heap + "/data").toString());
        props.put("mediadfs.storage.roots", work.resolve("rss" + heap + "/store").toString());
        JavaProcess plain =
            JavaProcess.of(
                "rss-node",
                List.of(heap, "--enable-native-access=ALL-UNNAMED"),
                props,
                List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.mediadfs.storage.StorageMain"),
                work.resolve("rss-node.log"));
        plain.start();
        plain.awaitPort("127.0.0.1", port, Duration.ofMinutes(2));
        try {
          Thread.sleep(2000);
          put("node RSS idle, " + heap + " (MiB)", rssMiB(plain.pid()));
          connections(plain.pid(), 1000, heap);
        } finally {
          plain.stop(Duration.ofSeconds(30));
        }
      }
    }
    System.out.println();
    System.out.println(
        "==== storage node benchmark ("
            + Runtime.getRuntime().availableProcessors()
            + " cores) ====");
    results.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-58s %s%n", k, v));
  }

  private void put(String key, Object value) {
    results.put(key, String.valueOf(value));
    System.out.printf(Locale.ROOT, "%-58s %s%n", key, value);
  }

  private WireConnection open() throws IOException {
    return WireConnection.open(
        node, Duration.ofSeconds(5), Duration.ofSeconds(120), Limits.DEFAULT);
  }

  private static Response upload(WireConnection c, String user, String file, byte[] data, int len)
      throws IOException {
    Request.Upload u = new Request.Upload(new IdBlock("tnvideo", user, file), len);
    c.send(u);
    c.out().write(data, 0, len);
    c.flush();
    return c.receive(u);
  }

  /** 16 clients upload 4 KiB files for {@code d}; returns the IDs uploaded. */
  private List<String> smallUploads(Duration d, boolean report) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Histogram h = new ConcurrentHistogram(3);
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int client = i;
      ts.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] data = new byte[4096];
                    ThreadLocalRandom.current().nextBytes(data);
                    try (WireConnection c = open()) {
                      long n = 0;
                      while (!stop.get()) {
                        String file = "s" + client + "-" + System.nanoTime() + "-" + n++;
                        long t0 = System.nanoTime();
                        Response r = upload(c, "bench" + client, file, data, data.length);
                        h.recordValue((System.nanoTime() - t0) / 1000);
                        if (r instanceof Response.Ok) {
                          ids.add(client + "/" + file);
                        } else {
                          errors.incrementAndGet();
                        }
                      }
                    } catch (IOException e) {
                      errors.incrementAndGet();
                      System.out.println("client failed: " + e);
                    }
                  }));
    }
    long t0 = System.nanoTime();
    long[] cpu0 = cpuTicks();
    long[] io0 = ioCalls();
    Thread.sleep(d);
    stop.set(true);
    for (Thread t : ts) {
      t.join();
    }
    long[] cpu1 = cpuTicks();
    long[] io1 = ioCalls();
    double secs = (System.nanoTime() - t0) / 1e9;
    if (report) {
      put("4 KiB uploads/s, 16 clients (durable)", fmt(ids.size() / secs));
      // CPU time per upload: steadier than the rate on a shared 2-core VM.
      put(
          "CPU per 4 KiB upload: node / Payara (ID server) / clients (us)",
          String.format(
              Locale.ROOT,
              "%.0f / %.0f / %.0f",
              (cpu1[0] - cpu0[0]) * 1e4 / ids.size(),
              (cpu1[1] - cpu0[1]) * 1e4 / ids.size(),
              (cpu1[2] - cpu0[2]) * 1e4 / ids.size()));
      // Exact counts, unlike time on this VM: what a change of the I/O path saves shows here.
      put(
          "read+write system calls per 4 KiB upload: node / Payara",
          String.format(
              Locale.ROOT,
              "%.1f / %.1f",
              (io1[0] - io0[0]) / (double) ids.size(),
              (io1[1] - io0[1]) / (double) ids.size()));
      put("4 KiB upload latency p50 / p99 (ms)", lat(h));
      put("4 KiB upload errors", errors.get());
    }
    return ids;
  }

  /** User + system CPU of the node, Payara and this process, in clock ticks (1/100 s). */
  private long[] cpuTicks() throws IOException {
    long[] t = new long[cpuPids.length];
    for (int i = 0; i < t.length; i++) {
      String stat = Files.readString(Path.of("/proc/" + cpuPids[i] + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      t[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }
    return t;
  }

  /**
   * Read and write system calls so far (syscr + syscw of /proc/PID/io: read, write, sendfile and
   * their kin, sockets and files alike) of the node and Payara.
   */
  private long[] ioCalls() throws IOException {
    long[] n = new long[2];
    for (int i = 0; i < n.length; i++) {
      for (String line : Files.readAllLines(Path.of("/proc/" + cpuPids[i] + "/io"))) {
        if (line.startsWith("syscr:") || line.startsWith("syscw:")) {
          n[i] += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
        }
      }
    }
    return n;
  }

  private void smallDownloads(List<String> files, Duration d) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ops = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Histogram h = new ConcurrentHistogram(3);
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      ts.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] sink = new byte[8192];
                    try (WireConnection c = open()) {
                      while (!stop.get()) {
                        String f = files.get(ThreadLocalRandom.current().nextInt(files.size()));
                        int slash = f.indexOf('/');
                        Request.Download req =
                            new Request.Download(
                                new IdBlock(
                                    "tnvideo",
                                    "bench" + f.substring(0, slash),
                                    f.substring(slash + 1)),
                                0,
                                0);
                        long t0 = System.nanoTime();
                        c.send(req);
                        Response r = c.receive(req);
                        if (r instanceof Response.Download) {
                          try (InputStream in = c.payload()) {
                            while (in.read(sink) >= 0) {
                              // discard
                            }
                          }
                          ops.incrementAndGet();
                        } else {
                          errors.incrementAndGet();
                        }
                        h.recordValue((System.nanoTime() - t0) / 1000);
                      }
                    } catch (IOException e) {
                      errors.incrementAndGet();
                    }
                  }));
    }
    long t0 = System.nanoTime();
    Thread.sleep(d);
    stop.set(true);
    for (Thread t : ts) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    put("4 KiB downloads/s, 16 clients", fmt(ops.get() / secs));
    put("4 KiB download latency p50 / p99 (ms)", lat(h));
    put("4 KiB download errors", errors.get());
  }

  private void largeUploads(int size, Duration d) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong bytes = new AtomicLong();
    List<Thread> ts = new ArrayList<>();
    int clients = 4;
    for (int i = 0; i < clients; i++) {
      int client = i;
      ts.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] data = new byte[size];
                    ThreadLocalRandom.current().nextBytes(data);
                    try (WireConnection c = open()) {
                      long n = 0;
                      while (!stop.get()) {
                        if (upload(
                                c,
                                "big" + client,
                                "m" + client + "-" + n++ + "-" + System.nanoTime(),
                                data,
                                size)
                            instanceof Response.Ok) {
                          bytes.addAndGet(size);
                        }
                      }
                    } catch (IOException e) {
                      System.out.println("client failed: " + e);
                    }
                  }));
    }
    long t0 = System.nanoTime();
    Thread.sleep(d);
    stop.set(true);
    for (Thread t : ts) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    put("1 MiB uploads MiB/s, 4 clients (durable)", fmt(bytes.get() / secs / (1 << 20)));
  }

  private void big(Path work) throws Exception {
    int size = 256 << 20;
    byte[] chunk = new byte[4 << 20];
    ThreadLocalRandom.current().nextBytes(chunk);
    double up = 0;
    double down = 0;
    double raw = 0;
    double javaSync = 0;
    double dd = 0;
    double bare = 0;
    double fileCopy = 0;
    for (int round = 0; round < 3; round++) {
      // Upload 256 MiB.
      String file = "big256-" + round + "-" + System.nanoTime();
      try (WireConnection c = open()) {
        Request.Upload u = new Request.Upload(new IdBlock("tnvideo", "huge", file), size);
        long t0 = System.nanoTime();
        c.send(u);
        OutputStream out = c.out();
        for (int off = 0; off < size; off += chunk.length) {
          out.write(chunk);
        }
        c.flush();
        Response r = c.receive(u);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!(r instanceof Response.Ok)) {
          throw new IllegalStateException("256 MiB upload failed: " + r);
        }
        up = Math.max(up, 256 / secs);
        // Download it.
        Request.Download d = new Request.Download(new IdBlock("tnvideo", "huge", file), 0, 0);
        t0 = System.nanoTime();
        c.send(d);
        WireConnection.as(c.receive(d), Response.Download.class);
        byte[] sink = new byte[1 << 20];
        try (InputStream in = c.payload()) {
          while (in.read(sink) >= 0) {
            // discard
          }
        }
        down = Math.max(down, 256 / ((System.nanoTime() - t0) / 1e9));
        c.call(new Request.Purge(new IdBlock("tnvideo", "huge", file)));
      } catch (ErrorReplyException e) {
        throw new IllegalStateException(e);
      }
      raw = Math.max(raw, rawLoopback(size));
      Path written = work.resolve("node/store/javasync.tmp");
      javaSync = Math.max(javaSync, javaWriteForce(written, size, chunk));
      bare = Math.max(bare, bareTransferTo(written, size));
      fileCopy = Math.max(fileCopy, fileLoopback(written, size));
      Files.delete(written);
      dd = Math.max(dd, dd(work.resolve("node/store/dd.tmp")));
    }
    put("256 MiB upload MiB/s (best of 3)", fmt(up));
    put("256 MiB download MiB/s (best of 3)", fmt(down));
    put("raw loopback socket copy 256 MiB MiB/s (best of 3)", fmt(raw));
    put("bare transferTo of a 256 MiB file over loopback MiB/s (best of 3)", fmt(bare));
    put("read + write of the same cached file over loopback MiB/s (best of 3)", fmt(fileCopy));
    put("dd bs=1M count=256 conv=fdatasync MiB/s (best of 3)", fmt(dd));
    put("Java write + force 256 MiB MiB/s (best of 3)", fmt(javaSync));
    put("upload / dd", fmt(up / dd));
    put("download / raw loopback", fmt(down / raw));
    put("bare transferTo / raw loopback", fmt(bare / raw));
    put("download / read + write of the same file", fmt(down / fileCopy));
  }

  /** A server that sends {@code size} bytes over loopback, read by a plain socket here. */
  static double rawLoopback(int size) throws Exception {
    return loopback(
        size,
        ch -> {
          ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
          long left = size;
          while (left > 0) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), left));
            while (b.hasRemaining()) {
              left -= ch.write(b);
            }
          }
        });
  }

  /**
   * The kernel's path for a download without the node: a plain {@code transferTo} loop (sendfile)
   * of a file in the page cache, on a platform thread, read by a plain socket here.
   */
  static double bareTransferTo(Path file, int size) throws Exception {
    return loopback(
        size,
        ch -> {
          try (FileChannel f = FileChannel.open(file)) {
            long pos = 0;
            while (pos < size) {
              pos += f.transferTo(pos, size - pos, ch);
            }
          }
        });
  }

  /**
   * A raw copy of the file's own bytes: read from the page cache into one buffer and written to the
   * socket, as a plain proxy would. The raw copy above resends one 1 MiB buffer that stays in the
   * CPU cache; a download reads 256 MiB of page cache, so this is the like-for-like reference.
   */
  static double fileLoopback(Path file, int size) throws Exception {
    return loopback(
        size,
        ch -> {
          try (FileChannel f = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            while (f.read(b) >= 0) {
              b.flip();
              while (b.hasRemaining()) {
                ch.write(b);
              }
              b.clear();
            }
          }
        });
  }

  /** Writes the bytes of one loopback copy. */
  interface Sender {
    void send(SocketChannel ch) throws IOException;
  }

  /** MiB/s of {@code size} bytes that {@code send} writes over loopback, read by a plain socket. */
  static double loopback(int size, Sender send) throws Exception {
    try (ServerSocketChannel ss = ServerSocketChannel.open()) {
      ss.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (SocketChannel ch = ss.accept()) {
                      send.send(ch);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });
      try (Socket s = new Socket()) {
        long t0 = System.nanoTime();
        s.connect(ss.getLocalAddress());
        byte[] sink = new byte[1 << 20];
        InputStream in = s.getInputStream();
        long got = 0;
        int n;
        while ((n = in.read(sink)) >= 0) {
          got += n;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sender.join();
        if (got != size) {
          throw new IllegalStateException("raw copy got " + got);
        }
        return 256 / secs;
      }
    }
  }

  /** Writes and forces {@code size} bytes to {@code p} (kept for the caller): MiB/s. */
  static double javaWriteForce(Path p, int size, byte[] chunk) throws IOException {
    long t0 = System.nanoTime();
    try (FileChannel ch =
        FileChannel.open(
            p,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(chunk);
      for (int off = 0; off < size; off += chunk.length) {
        b.clear();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      ch.force(false);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return 256 / secs;
  }

  static double dd(Path p) throws Exception {
    Process proc =
        new ProcessBuilder("dd", "if=/dev/zero", "of=" + p, "bs=1M", "count=256", "conv=fdatasync")
            .redirectErrorStream(true)
            .start();
    String out = new String(proc.getInputStream().readAllBytes());
    proc.waitFor();
    Files.deleteIfExists(p);
    // "268435456 bytes (268 MB, 256 MiB) copied, 0.38 s, 700 MB/s"
    String secs = out.replaceAll("(?s).*copied, ([0-9.]+) s.*", "$1");
    return 256 / Double.parseDouble(secs);
  }

  private void connections(long pid, int n, String heap) throws Exception {
    List<WireConnection> open = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        WireConnection c = open();
        // One request each, so every connection's thread and buffers really exist.
        c.call(new Request.FileSize(new IdBlock("tnvideo", "nobody", "none")));
        open.add(c);
      }
      Thread.sleep(1000);
      put("node RSS with " + n + " open connections, " + heap + " (MiB)", rssMiB(pid));
    } finally {
      for (WireConnection c : open) {
        c.close();
      }
    }
  }

  private void pinned(Path jfr) throws IOException {
    long count = 0;
    long afterWarmUp = 0;
    Map<String, Integer> where = new LinkedHashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
        count++;
        if (e.getStartTime().isAfter(warmedUp)) {
          afterWarmUp++;
        }
        String top =
            e.getStackTrace() == null
                ? "?"
                : e.getStackTrace().getFrames().stream()
                    .filter(
                        f ->
                            f.getMethod().getType().getName().startsWith("org.")
                                || f.getMethod().getType().getName().startsWith("com."))
                    .findFirst()
                    .map(StorageBench::frame)
                    .orElse("?");
        where.merge(top, 1, Integer::sum);
      }
    }
    put("JFR jdk.VirtualThreadPinned events (threshold 0), whole run", count);
    put("JFR jdk.VirtualThreadPinned events after the warm-up", afterWarmUp);
    where.forEach((k, v) -> put("  pinned at " + k, v));
  }

  private static String frame(RecordedFrame f) {
    return f.getMethod().getType().getName()
        + "."
        + f.getMethod().getName()
        + ":"
        + f.getLineNumber();
  }

  static long rssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String lat(Histogram h) {
    return String.format(
        Locale.ROOT,
        "%.2f / %.2f",
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0);
  }
}
