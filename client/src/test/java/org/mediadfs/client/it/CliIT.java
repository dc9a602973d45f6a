package org.mediadfs.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.client.cli.ExitCodes;
import org.mediadfs.testkit.LocalCluster;

/**
 * The command line as a separate process ({@code java -jar mediadfs-client-*-cli.jar} and {@code
 * bin/mediadfs-cli}) against the shared cluster, checking the original's exact output lines.
 */
@ExtendWith(SharedCluster.class)
class CliIT {
  private static final Pattern UPLOADED = Pattern.compile("Upload success: ([0-9a-f]{30}[0-9]{6})");

  record Run(int code, String out, String err) {}

  private static Path jar() {
    return Path.of(
            System.getProperty("mediadfs.cli.jar", "target/mediadfs-client-0.1.0-SNAPSHOT-cli.jar"))
        .toAbsolutePath();
  }

  private static Run run(Path cwd, Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().putAll(env);
    pb.environment().remove("MEDIADFS_TRACKERS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(cwd, "out", ".txt");
    Path err = Files.createTempFile(cwd, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Run cli(Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return run(cwd, Map.of(), cmd);
  }

  @Test
  void theOriginalsCommandsAndLines(LocalCluster cluster, @TempDir Path dir) throws Exception {
    String trackers = cluster.trackersSpec();
    String user = "cli" + Long.toString(System.nanoTime(), 36);
    byte[] data = new byte[3 * 1024 * 1024 + 5];
    new SplittableRandom(11).nextBytes(data);
    Path file = dir.resolve("f.mp4");
    Files.write(file, data);

    // The original's form: the tracker list first, as a positional argument.
    Run up = cli(dir, trackers, "upload", "tnvideo", user, file.toString());
    assertThat(up.code()).as(up.err()).isZero();
    Matcher m = UPLOADED.matcher(up.out().strip());
    assertThat(m.matches()).as(up.out()).isTrue();
    String id = m.group(1);

    Run size = cli(dir, "--trackers", trackers, "filesize", "tnvideo", user, id);
    assertThat(size.out()).isEqualTo("Get filesize success: " + data.length + "\n");

    Run whole = cli(dir, trackers, "download", "tnvideo", user, id);
    assertThat(whole.out()).isEqualTo("Download success: " + data.length + "\n");
    assertThat(Files.readAllBytes(dir.resolve(id))).isEqualTo(data); // ./<fileid> by default

    Path part = dir.resolve("part.bin");
    Run range =
        cli(dir, trackers, "download", "tnvideo", user, id, "10", "1000", "-o", part.toString());
    assertThat(range.out()).isEqualTo("Download success: 1000\n");
    assertThat(Files.readAllBytes(part)).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 1010));

    Run stat = cli(dir, trackers, "stat", "tnvideo", user, id);
    assertThat(stat.out()).contains("SIZE: " + data.length).contains("STATUS: ACTIVE");

    Run list = cli(dir, trackers, "list", "tnvideo", user);
    assertThat(list.out()).contains(id);

    Run del = cli(dir, trackers, "delete", "tnvideo", user, id);
    assertThat(del.out()).isEqualTo("Delete success: " + id + "\n");

    Run gone = cli(dir, trackers, "filesize", "tnvideo", user, id);
    assertThat(gone.code()).isEqualTo(ExitCodes.DELETED);
    assertThat(gone.out()).isEmpty();
    assertThat(gone.err()).startsWith("Error: ");

    Run restored = cli(dir, trackers, "restore", "tnvideo", user, id);
    assertThat(restored.out()).isEqualTo("Restore success: " + id + "\n");
    assertThat(cli(dir, trackers, "filesize", "tnvideo", user, id).code()).isZero();

    Run missing = cli(dir, trackers, "filesize", "tnvideo", user, "nosuchfile");
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void groupsAndMonitor(LocalCluster cluster, @TempDir Path dir) throws Exception {
    Run groups = cli(dir, cluster.trackersSpec(), "groups");
    assertThat(groups.code()).isZero();
    assertThat(groups.out())
        .startsWith("         COUNT OF GROUPS: 2\n")
        .contains("GROUPNAME: group001");

    Run monitor = cli(dir, "--trackers", cluster.trackersSpec(), "monitor");
    assertThat(monitor.code()).as(monitor.err()).isZero();
    assertThat(monitor.out()).contains("group001: 1 node(s), 1 active").contains("group002");
    for (var n : cluster.nodes()) {
      assertThat(monitor.out()).contains(n.address().toString());
    }
  }

  @Test
  void unreachableTrackerIsAnErrorWithExitCode5(@TempDir Path dir) throws Exception {
    Run r = cli(dir, "--trackers", "127.0.0.1:" + org.mediadfs.testkit.FreePorts.next(), "groups");
    assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Error: ");
  }

  @Test
  void theBashWrapperRunsTheJarWithTrackersFromTheEnvironment(
      LocalCluster cluster, @TempDir Path dir) throws Exception {
    Path script =
        Path.of(System.getProperty("mediadfs.cli.script", "../bin/mediadfs-cli")).toAbsolutePath();
    Path file = dir.resolve("a.txt");
    Files.writeString(file, "via the wrapper");
    Run up =
        run(
            dir,
            Map.of(
                "MEDIADFS_TRACKERS", cluster.trackersSpec(), "MEDIADFS_CLI_JAR", jar().toString()),
            List.of(script.toString(), "upload", "tnvideo", "wrapper", file.toString()));
    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out()).matches("Upload success: [0-9a-f]{30}[0-9]{6}\n");
  }

  @Test
  void benchRunsEndToEndWithSmallSizes(LocalCluster cluster, @TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    Run r =
        cli(
            dir,
            "--trackers",
            cluster.trackersSpec(),
            "bench",
            "--large-size",
            "8MiB",
            "--small-count",
            "100",
            "--concurrency",
            "1,4",
            "--range-file-size",
            "4MiB",
            "--range-reads",
            "50",
            "--disk-dir",
            dir.toString(),
            "--json",
            json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("loopback socket copy")
        .contains("durable write (fdatasync)")
        .contains("x durable write")
        .contains("x loopback copy")
        .contains("Range reads");
    String report = Files.readString(json);
    assertThat(report)
        .contains("\"uploadVsDurableWrite\"")
        .contains("\"downloadVsLoopbackCopy\"")
        .contains("\"p99Millis\"")
        .contains("\"concurrency\": 4");
  }
}
