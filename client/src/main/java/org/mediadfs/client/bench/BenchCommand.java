package org.mediadfs.client.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.HdrHistogram.Histogram;
import org.mediadfs.client.ClientConfig;
import org.mediadfs.client.MediadfsClient;
import org.mediadfs.client.RangeStream;
import org.mediadfs.client.TransferListener;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.client.UploadResult;
import org.mediadfs.client.cli.ExitCodes;
import org.mediadfs.client.cli.MediadfsCli;
import org.mediadfs.client.cli.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediadfs-cli bench}: measures a running cluster through the client library and, in the
 * same run, the machine's physical limits ({@link Baselines}), printing each figure next to its
 * limit as a ratio. Phases:
 *
 * <ol>
 *   <li>physical limits: loopback copy and durable write of the large size;
 *   <li>large file: one upload and one download of {@code --large-size} (MiB/s; the download is
 *       checked against the upload's CRC32C);
 *   <li>small files: {@code --small-count} uploads, then as many downloads, of {@code --small-size}
 *       at each {@code --concurrency} (ops/s, p50/p95/p99 with HdrHistogram), one virtual thread
 *       per worker and one user per worker (users spread over the groups), next to loopback round
 *       trips and fsync'd small-file writes at the same concurrency;
 *   <li>range reads: {@code --range-reads} reads of {@code --range-size} at random offsets of one
 *       {@code --range-file-size} file, next to a loopback round trip of the same reply size.
 * </ol>
 *
 * Everything uploaded is deleted and purged at the end unless {@code --keep}.
 */
@Command(
    name = "bench",
    description = "Benchmark a running cluster against this machine's physical limits.",
    mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {
  @ParentCommand MediadfsCli cli;

  @Option(names = "--app", description = "App ID (default: ${DEFAULT-VALUE}).")
  String appId = ClientConfig.DEFAULT_APP_ID;

  @Option(names = "--user", description = "User ID prefix (default: bench<time>).")
  String user;

  @Option(names = "--large-size", description = "Large file size (default: ${DEFAULT-VALUE}).")
  String largeSize = "256MiB";

  @Option(
      names = "--large-runs",
      description =
          "Uploads and downloads of the large file; the median is reported (default: ${DEFAULT-VALUE}).")
  int largeRuns = 3;

  @Option(names = "--small-size", description = "Small file size (default: ${DEFAULT-VALUE}).")
  String smallSize = "4KiB";

  @Option(
      names = "--small-count",
      description = "Small files per concurrency (default: ${DEFAULT-VALUE}).")
  int smallCount = 5000;

  @Option(
      names = "--concurrency",
      split = ",",
      description = "Concurrency levels for small files (default: ${DEFAULT-VALUE}).")
  List<Integer> concurrency = new ArrayList<>(List.of(1, 16));

  @Option(names = "--range-file-size", description = "Range-read file (default: ${DEFAULT-VALUE}).")
  String rangeFileSize = "1GiB";

  @Option(names = "--range-size", description = "Range-read size (default: ${DEFAULT-VALUE}).")
  String rangeSize = "64KiB";

  @Option(names = "--range-reads", description = "Range reads (default: ${DEFAULT-VALUE}).")
  int rangeReads = 1000;

  @Option(
      names = "--disk-dir",
      description =
          "Directory for the durable-write limit; put it on the nodes' disk (default: java.io.tmpdir).")
  Path diskDir;

  @Option(names = "--json", description = "Report file (default: ${DEFAULT-VALUE}).")
  Path json = Path.of("bench-result.json");

  @Option(names = "--skip", split = ",", description = "Phases to skip: large, small, range.")
  List<String> skip = new ArrayList<>();

  @Option(names = "--keep", description = "Keep the uploaded files.")
  boolean keep;

  private final List<Uploaded> uploaded = Collections.synchronizedList(new ArrayList<>());

  private record Uploaded(String userId, String fileId) {}

  @Override
  public Integer call() throws Exception {
    PrintStream out = cli.context().out();
    long large = Units.parseBytes(largeSize);
    int small = Math.toIntExact(Units.parseBytes(smallSize));
    long rangeFile = Units.parseBytes(rangeFileSize);
    int range = Math.toIntExact(Units.parseBytes(rangeSize));
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
      throw new IllegalArgumentException("--concurrency needs positive numbers");
    }
    if (largeRuns < 1) {
      throw new IllegalArgumentException("--large-runs must be at least 1");
    }
    if (range > rangeFile) {
      throw new IllegalArgumentException("--range-size exceeds --range-file-size");
    }
    Path disk = diskDir != null ? diskDir : Path.of(System.getProperty("java.io.tmpdir"));
    String userBase = user != null ? user : "bench" + Long.toString(System.currentTimeMillis(), 36);
    int maxConc = Collections.max(concurrency);
    ClientConfig cfg =
        cli.config().toBuilder()
            .appId(appId)
            .storagePoolSize(Math.max(32, 2 * maxConc))
            .trackerPoolSize(Math.max(16, maxConc))
            .build();
    byte[] pattern = new PatternStream(0, 1).block();

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("time", Instant.now().toString());
    report.put("trackers", cfg.trackers().toString());
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("java", Runtime.version().toString());
    double loadBefore = loadAverage();
    report.put("loadAverageBefore", loadBefore);
    report.put("command", "mediadfs-cli bench " + describeOptions());
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "mediadfs bench: trackers %s, %d cores, Java %s",
            cfg.trackers(),
            Runtime.getRuntime().availableProcessors(),
            Runtime.version().feature()));

    try (MediadfsClient client = cli.context().clients().apply(cfg)) {
      warmUp(client, userBase, small);
      if (!skip.contains("large")) {
        progress(out, "large files: limits, upload and download of " + Units.bytes(large));
        Stats copy = Baselines.loopbackCopy(large, pattern, 3);
        Stats disk1 = Baselines.durableWrite(disk, large, pattern, 2);
        List<Stats> ups = new ArrayList<>();
        List<Stats> downs = new ArrayList<>();
        for (int i = 0; i < largeRuns; i++) {
          ups.add(largeUpload(client, userBase + "L", large));
          downs.add(largeDownload(client, userBase + "L", lastFileId(), large));
        }
        Stats up = median(ups);
        Stats down = median(downs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", large);
        m.put("loopbackCopy", copy.toJson());
        m.put("durableWrite", disk1.toJson());
        m.put("runs", largeRuns);
        m.put("upload", up.toJson());
        m.put("download", down.toJson());
        m.put("uploadRunsMibPerSecond", ups.stream().map(Stats::mibPerSecond).toList());
        m.put("downloadRunsMibPerSecond", downs.stream().map(Stats::mibPerSecond).toList());
        m.put("uploadVsDurableWrite", up.mibPerSecond() / disk1.mibPerSecond());
        m.put("downloadVsLoopbackCopy", down.mibPerSecond() / copy.mibPerSecond());
        report.put("large", m);
        lines.add("");
        lines.add(
            "Large file ("
                + Units.bytes(large)
                + "; median of "
                + largeRuns
                + " transfers, limits best of 3 and 2)");
        lines.add(row("loopback socket copy", copy.mibPerSecond(), "MiB/s", ""));
        lines.add(row("durable write (fdatasync)", disk1.mibPerSecond(), "MiB/s", ""));
        lines.add(
            row(
                "upload",
                up.mibPerSecond(),
                "MiB/s",
                ratio(up.mibPerSecond() / disk1.mibPerSecond(), "durable write")));
        lines.add(
            row(
                "download",
                down.mibPerSecond(),
                "MiB/s",
                ratio(down.mibPerSecond() / copy.mibPerSecond(), "loopback copy")));
      }
      if (!skip.contains("small")) {
        List<Object> runs = new ArrayList<>();
        lines.add("");
        lines.add(
            String.format(
                Locale.ROOT, "Small files (%s x %d per level)", Units.bytes(small), smallCount));
        lines.add(
            String.format(
                Locale.ROOT,
                "  %-5s %-9s %10s %9s %9s %9s   %s",
                "conc",
                "op",
                "ops/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "vs physical limit"));
        for (int c : concurrency) {
          progress(out, "small files at concurrency " + c);
          Stats rttUp = Baselines.roundTrips(small, 16, c, smallCount);
          Stats rttDown = Baselines.roundTrips(16, small, c, smallCount);
          Stats fsyncs = Baselines.durableSmallWrites(disk, small, c, smallCount);
          List<Uploaded> files = new ArrayList<>();
          Stats up = smallUploads(client, userBase + "c" + c, small, c, smallCount, files);
          Stats down = smallDownloads(client, files, small, c);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("concurrency", c);
          m.put("size", small);
          m.put("upload", up.toJson());
          m.put("download", down.toJson());
          m.put("loopbackUploadShapedRoundTrips", rttUp.toJson());
          m.put("loopbackDownloadShapedRoundTrips", rttDown.toJson());
          m.put("fsyncedSmallFileWrites", fsyncs.toJson());
          m.put("uploadVsFsyncedWrites", up.opsPerSecond() / fsyncs.opsPerSecond());
          m.put("uploadVsLoopback", up.opsPerSecond() / rttUp.opsPerSecond());
          m.put("downloadVsLoopback", down.opsPerSecond() / rttDown.opsPerSecond());
          runs.add(m);
          lines.add(
              smallRow(
                  c,
                  "upload",
                  up,
                  String.format(
                      Locale.ROOT,
                      "%.2f x fsync'd writes (%.0f/s), %.2f x loopback (%.0f/s)",
                      up.opsPerSecond() / fsyncs.opsPerSecond(),
                      fsyncs.opsPerSecond(),
                      up.opsPerSecond() / rttUp.opsPerSecond(),
                      rttUp.opsPerSecond())));
          lines.add(
              smallRow(
                  c,
                  "download",
                  down,
                  String.format(
                      Locale.ROOT,
                      "%.2f x loopback round trips (%.0f/s)",
                      down.opsPerSecond() / rttDown.opsPerSecond(),
                      rttDown.opsPerSecond())));
        }
        report.put("small", runs);
      }
      if (!skip.contains("range")) {
        progress(out, "range reads: uploading " + Units.bytes(rangeFile));
        largeUpload(client, userBase + "R", rangeFile);
        String fileId = lastFileId();
        Stats rtt = Baselines.roundTrips(16, range, 1, Math.min(rangeReads, 2000));
        Stats reads = rangeReads(client, userBase + "R", fileId, rangeFile, range);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileSize", rangeFile);
        m.put("rangeSize", range);
        m.put("reads", reads.toJson());
        m.put("loopbackRoundTrip", rtt.toJson());
        m.put("p50VsLoopbackP50", reads.pMillis(50) / rtt.pMillis(50));
        report.put("range", m);
        lines.add("");
        lines.add(
            String.format(
                Locale.ROOT,
                "Range reads (%s at random offsets of %s, %d reads, 1 reader)",
                Units.bytes(range),
                Units.bytes(rangeFile),
                rangeReads));
        lines.add(
            String.format(
                Locale.ROOT,
                "  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  %.0f reads/s   loopback round trip p50"
                    + " %.3f ms (%.1f x)",
                reads.pMillis(50),
                reads.pMillis(95),
                reads.pMillis(99),
                reads.opsPerSecond(),
                rtt.pMillis(50),
                reads.pMillis(50) / rtt.pMillis(50)));
      }
      if (!keep) {
        progress(out, "cleaning up " + uploaded.size() + " files");
        cleanUp(client, maxConc);
      }
    }
    double loadAfter = loadAverage();
    report.put("loadAverageAfter", loadAfter);
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "Load average (1 min) before %.2f, after %.2f: other work on the machine skews every"
                + " figure, the limits included.",
            loadBefore,
            loadAfter));
    for (String l : lines) {
      out.println(l);
    }
    Files.writeString(json, Json.write(report), StandardCharsets.UTF_8);
    out.println();
    out.println("JSON report: " + json.toAbsolutePath());
    return ExitCodes.OK;
  }

  private String describeOptions() {
    return String.format(
        Locale.ROOT,
        "--large-size %s --large-runs %d --small-size %s --small-count %d --concurrency %s --range-file-size %s"
            + " --range-size %s --range-reads %d",
        largeSize,
        largeRuns,
        smallSize,
        smallCount,
        String.join(",", concurrency.stream().map(String::valueOf).toList()),
        rangeFileSize,
        rangeSize,
        rangeReads);
  }

  private void progress(PrintStream out, String what) {
    cli.context().err().println("bench: " + what + " ...");
  }

  private String lastFileId() {
    return uploaded.getLast().fileId();
  }

  private static String row(String what, double value, String unit, String vs) {
    return String.format(Locale.ROOT, "  %-28s %10.1f %-6s %s", what, value, unit, vs);
  }

  private static String ratio(double r, String of) {
    return String.format(Locale.ROOT, "%.2f x %s", r, of);
  }

  private static String smallRow(int c, String op, Stats s, String vs) {
    return String.format(
        Locale.ROOT,
        "  %-5d %-9s %10.0f %9.2f %9.2f %9.2f   %s",
        c,
        op,
        s.opsPerSecond(),
        s.pMillis(50),
        s.pMillis(95),
        s.pMillis(99),
        vs);
  }

  /** A few hundred small operations so that JIT and connections are warm before measuring. */
  private void warmUp(MediadfsClient client, String userBase, int small) throws IOException {
    byte[] data = new byte[small];
    for (int i = 0; i < 200; i++) {
      UploadResult r = client.upload(appId, userBase + "w", data, UploadOptions.DEFAULTS);
      uploaded.add(new Uploaded(userBase + "w", r.fileId()));
      client.fileSize(appId, userBase + "w", r.fileId());
      try (RangeStream in = client.openRange(appId, userBase + "w", r.fileId(), 0, 0)) {
        in.readAllBytes();
      }
    }
  }

  private Stats largeUpload(MediadfsClient client, String userId, long size) throws IOException {
    long t0 = System.nanoTime();
    UploadResult r =
        client.upload(
            appId,
            userId,
            new PatternStream(size, 1),
            size,
            UploadOptions.DEFAULTS.withContentType("application/octet-stream"));
    long t1 = System.nanoTime();
    uploaded.add(new Uploaded(userId, r.fileId()));
    return new Stats(1, size, t1 - t0, null);
  }

  private Stats largeDownload(MediadfsClient client, String userId, String fileId, long size)
      throws IOException {
    CRC32C expected = new CRC32C();
    try (PatternStream p = new PatternStream(size, 1)) {
      byte[] b = new byte[1 << 20];
      int n;
      while ((n = p.read(b, 0, b.length)) > 0) {
        expected.update(b, 0, n);
      }
    }
    CrcSink sink = new CrcSink();
    long t0 = System.nanoTime();
    long n = client.download(appId, userId, fileId, 0, 0, sink, TransferListener.NONE);
    long t1 = System.nanoTime();
    if (n != size || sink.crc.getValue() != expected.getValue()) {
      throw new IOException(
          "large download of " + fileId + " differs from what was uploaded (" + n + " bytes)");
    }
    return new Stats(1, size, t1 - t0, null);
  }

  private Stats smallUploads(
      MediadfsClient client, String userBase, int size, int conc, int count, List<Uploaded> files)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Histogram>> workers = new ArrayList<>();
    List<Uploaded> done = Collections.synchronizedList(files);
    long t0 = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < conc; w++) {
        String userId = userBase + "u" + w;
        byte[] data = new byte[size];
        new SplittableRandom(w).nextBytes(data);
        workers.add(
            ex.submit(
                () -> {
                  Histogram h = Stats.histogram();
                  while (next.getAndIncrement() < count) {
                    long s = System.nanoTime();
                    UploadResult r = client.upload(appId, userId, data, UploadOptions.DEFAULTS);
                    h.recordValue((System.nanoTime() - s) / 1000);
                    done.add(new Uploaded(userId, r.fileId()));
                  }
                  return h;
                }));
      }
      Histogram all = merge(workers);
      long t1 = System.nanoTime();
      uploaded.addAll(files);
      return new Stats(count, (long) count * size, t1 - t0, all);
    }
  }

  private Stats smallDownloads(MediadfsClient client, List<Uploaded> files, int size, int conc)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Histogram>> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < conc; w++) {
        workers.add(
            ex.submit(
                () -> {
                  Histogram h = Stats.histogram();
                  byte[] buf = new byte[size];
                  int i;
                  while ((i = next.getAndIncrement()) < files.size()) {
                    Uploaded f = files.get(i);
                    long s = System.nanoTime();
                    try (RangeStream in = client.openRange(appId, f.userId(), f.fileId(), 0, 0)) {
                      int n = in.readNBytes(buf, 0, size);
                      if (n != size || in.read() != -1) {
                        throw new IOException("download of " + f.fileId() + " has the wrong size");
                      }
                    }
                    h.recordValue((System.nanoTime() - s) / 1000);
                  }
                  return h;
                }));
      }
      Histogram all = merge(workers);
      long t1 = System.nanoTime();
      return new Stats(files.size(), (long) files.size() * size, t1 - t0, all);
    }
  }

  private Stats rangeReads(
      MediadfsClient client, String userId, String fileId, long fileSize, int size)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(42);
    Histogram h = Stats.histogram();
    byte[] buf = new byte[size];
    long t0 = System.nanoTime();
    for (int i = 0; i < rangeReads; i++) {
      long off = rnd.nextLong(fileSize - size + 1);
      long s = System.nanoTime();
      try (RangeStream in = client.openRange(appId, userId, fileId, off, size)) {
        if (in.readNBytes(buf, 0, size) != size) {
          throw new IOException("short range read at " + off);
        }
      }
      h.recordValue((System.nanoTime() - s) / 1000);
    }
    long t1 = System.nanoTime();
    return new Stats(rangeReads, (long) rangeReads * size, t1 - t0, h);
  }

  private void cleanUp(MediadfsClient client, int conc) throws Exception {
    List<Uploaded> all = List.copyOf(uploaded);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < Math.max(4, conc); w++) {
        ex.submit(
            () -> {
              int i;
              while ((i = next.getAndIncrement()) < all.size()) {
                Uploaded f = all.get(i);
                try {
                  client.delete(appId, f.userId(), f.fileId());
                  client.purge(appId, f.userId(), f.fileId());
                } catch (IOException e) {
                  if (failed.getAndIncrement() == 0) {
                    cli.context().err().println("bench: clean-up failed for " + f + ": " + e);
                  }
                }
              }
              return null;
            });
      }
    }
    if (failed.get() > 0) {
      cli.context().err().println("bench: " + failed.get() + " file(s) not cleaned up");
    }
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Stats median(List<Stats> runs) {
    List<Stats> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingLong(Stats::nanos));
    return sorted.get(sorted.size() / 2);
  }

  private static Histogram merge(List<Future<Histogram>> workers) throws Exception {
    Histogram all = Stats.histogram();
    for (Future<Histogram> f : workers) {
      all.add(f.get());
    }
    return all;
  }

  /** Discards bytes, computing their CRC32C. */
  private static final class CrcSink extends OutputStream {
    final CRC32C crc = new CRC32C();

    @Override
    public void write(int b) {
      crc.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      crc.update(b, off, len);
    }
  }
}
