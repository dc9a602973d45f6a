package org.mediadfs.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

class SidecarTest {
  static FileRow row() {
    return new FileRow(
        new FileMeta(
            "649e782b-0000-0000-0000-000000000115",
            "tnvideo",
            "tnv001",
            9316101,
            0xCAFEBABEL,
            "video/mp4; codecs=\"avc1\"",
            FileStatus.DELETED,
            "000/000/000/649E782B_000",
            1_687_000_000_000L,
            1_687_000_000_500L),
        "7d1c2a0e-1111-2222-3333-444455556666",
        0);
  }

  @Test
  void roundTripsEveryField(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("649E782B_000");
    Files.writeString(data, "bytes");
    Sidecar.write(data, row(), "node-1");
    assertThat(Sidecar.of(data).getFileName().toString()).isEqualTo("649E782B_000.meta");
    assertThat(Sidecar.read(data)).isEqualTo(row());
    assertThat(Sidecar.toRecord(row(), "node-1").version()).isEqualTo(1);
  }

  @Test
  void aDamagedSidecarIsDetected(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("649E782B_000");
    Sidecar.write(data, row(), "node-1");
    byte[] b = Files.readAllBytes(Sidecar.of(data));
    b[40] = (byte) (b[40] + 1);
    Files.write(Sidecar.of(data), b);
    assertThatThrownBy(() -> Sidecar.read(data))
        .isInstanceOf(RecordFile.CorruptRecordException.class);
  }
}
