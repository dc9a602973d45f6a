package org.mediadfs.storage.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.StorageMain;
import org.mediadfs.storage.StorageNode;
import org.mediadfs.storage.maint.Fsck;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;

/**
 * fsck finds a corrupted file, a missing file and a damaged sidecar; {@code --repair} flags the bad
 * rows so they are no longer served; {@code --rebuild} recreates a lost index from the sidecars.
 * The command line's exit code is checked in a separate JVM.
 */
@ExtendWith(SharedPayara.class)
class FsckIT {
  @TempDir Path dir;

  record Stored(String file, byte[] data, FileMeta meta, Path path) {}

  @Test
  void detectsDamageRepairsFlagsAndRebuildsALostIndex() throws Exception {
    Map<String, String> props = NodeProps.of(dir, NodeProps.group());
    StorageConfig cfg = StorageConfig.fromMap(props);
    List<Stored> files = new ArrayList<>();
    try (StorageNode node = StorageNode.start(cfg);
        Wire w = Wire.open(node.address())) {
      for (int i = 0; i < 12; i++) {
        byte[] data = new byte[1000 + ThreadLocalRandom.current().nextInt(50_000)];
        ThreadLocalRandom.current().nextBytes(data);
        String file = "fsck-" + i;
        assertThat(w.upload("fsckuser", file, data)).isEqualTo(new Response.Ok());
        FileMeta meta =
            w.expect(new Request.Stat(Wire.ids("fsckuser", file)), Response.Stat.class).meta();
        Path path =
            node.service().roots().all().stream()
                .map(r -> r.path().resolve(meta.path()))
                .filter(Files::exists)
                .findFirst()
                .orElseThrow();
        files.add(new Stored(file, data, meta, path));
      }
      w.call(new Request.Delete(Wire.ids("fsckuser", "fsck-11")));
    }
    assertThat(fsck(cfg, false, false).clean()).isTrue();

    // Damage: flip a byte of file 0, remove file 1, tear the sidecar of file 2.
    byte[] damaged = Files.readAllBytes(files.get(0).path());
    damaged[damaged.length / 2] ^= 0x40;
    Files.write(files.get(0).path(), damaged);
    Files.delete(files.get(1).path());
    Path side = Sidecar.logOf(files.get(2).path().getParent());
    String log = Files.readString(side);
    assertThat(log).contains("file-id=fsck-2\n");
    Files.writeString(side, log.replace("file-id=fsck-2\n", "file-id=fsck-X\n"));

    Fsck.Report found = fsck(cfg, false, false);
    assertThat(found.clean()).isFalse();
    assertThat(found.problems())
        .anyMatch(p -> p.contains("fsck-0") && p.contains("checksum"))
        .anyMatch(p -> p.contains("fsck-1") && p.contains("missing"))
        .anyMatch(p -> p.contains("fsck-2") && p.contains("sidecar"));
    assertThat(cli(props, "fsck")).isEqualTo(StorageMain.EXIT_PROBLEMS);

    Fsck.Report repaired = fsck(cfg, true, false);
    assertThat(repaired.repaired()).isGreaterThanOrEqualTo(3);
    assertThat(repaired.problems()).noneMatch(p -> p.contains("fsck-2"));
    try (StorageNode node = StorageNode.start(cfg);
        Wire w = Wire.open(node.address())) {
      for (int i : new int[] {0, 1}) {
        Response r = w.call(new Request.FileSize(Wire.ids("fsckuser", "fsck-" + i)));
        assertThat(((Response.Error) r).code()).isEqualTo(ErrorCode.NOT_HERE_YET);
      }
      assertThat(w.download("fsckuser", "fsck-2", 0, 0)).isEqualTo(files.get(2).data());
    }

    // Lose the index entirely, then rebuild it from the sidecars.
    try (Stream<Path> db = Files.list(cfg.dataDir().resolve("db"))) {
      for (Path p : db.toList()) {
        Files.delete(p);
      }
    }
    Fsck.Report rebuilt = fsck(cfg, true, true);
    // All but the corrupt and the missing file come back, the deleted one as deleted.
    assertThat(rebuilt.rebuilt()).isEqualTo(10);
    assertThat(rebuilt.problems()).anyMatch(p -> p.contains(files.get(0).path().toString()));
    try (StorageNode node = StorageNode.start(cfg);
        Wire w = Wire.open(node.address())) {
      for (int i = 2; i < 11; i++) {
        Stored s = files.get(i);
        assertThat(w.download("fsckuser", s.file(), 0, 0)).isEqualTo(s.data());
        FileMeta m =
            w.expect(new Request.Stat(Wire.ids("fsckuser", s.file())), Response.Stat.class).meta();
        assertThat(m.crc32c()).isEqualTo(s.meta().crc32c());
        assertThat(m.createTime()).isEqualTo(s.meta().createTime());
      }
      assertThat(
              w.expect(new Request.Stat(Wire.ids("fsckuser", "fsck-11")), Response.Stat.class)
                  .meta()
                  .status())
          .isEqualTo(FileStatus.DELETED);
    }
  }

  private static Fsck.Report fsck(StorageConfig cfg, boolean repair, boolean rebuild)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Fsck.Report r =
        new Fsck(cfg, new PrintStream(out, true, StandardCharsets.UTF_8))
            .run(true, repair, rebuild);
    System.out.print(out.toString(StandardCharsets.UTF_8));
    return r;
  }

  /** Runs {@code StorageMain args} in its own JVM with {@code props} as system properties. */
  private int cli(Map<String, String> props, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StorageMain.class.getName());
    cmd.addAll(List.of(args));
    Path log = dir.resolve("cli.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log)).contains("PROBLEM");
    return p.exitValue();
  }
}
