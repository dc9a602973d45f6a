package org.mediadfs.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new file's name is given in one step that never replaces an existing file. */
class NoReplaceMoveTest {
  @TempDir Path dir;

  @Test
  void onLinuxTheKernelRefusesTheExistingName() {
    // The check and the rename are one system call here; the look-first fallback is for others.
    boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    assertThat(NoReplaceMove.usesNative()).isEqualTo(linux);
  }

  @Test
  void givesAFreeName() throws Exception {
    Path tmp = Files.writeString(dir.resolve("upload.tmp"), "new bytes");
    Path target = dir.resolve("000_001");

    NoReplaceMove.move(tmp, target);

    assertThat(tmp).doesNotExist();
    assertThat(target).hasContent("new bytes");
  }

  @Test
  void neverReplacesAnExistingFile() throws Exception {
    Path tmp = Files.writeString(dir.resolve("upload.tmp"), "new bytes");
    Path stored = Files.writeString(dir.resolve("000_001"), "acknowledged bytes");

    assertThatThrownBy(() -> NoReplaceMove.move(tmp, stored))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("000_001");

    assertThat(stored).hasContent("acknowledged bytes");
    assertThat(tmp).hasContent("new bytes");
  }

  @Test
  void aMissingFolderIsNoSuchFile() throws Exception {
    Path tmp = Files.writeString(dir.resolve("upload.tmp"), "new bytes");

    assertThatThrownBy(() -> NoReplaceMove.move(tmp, dir.resolve("gone").resolve("000_001")))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(tmp).hasContent("new bytes");
  }

  @Test
  void theFallbackBehavesTheSame() throws Exception {
    Path tmp = Files.writeString(dir.resolve("upload.tmp"), "new bytes");
    Path stored = Files.writeString(dir.resolve("000_001"), "acknowledged bytes");

    assertThatThrownBy(() -> NoReplaceMove.lookThenRename(tmp, stored))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(stored).hasContent("acknowledged bytes");
    NoReplaceMove.lookThenRename(tmp, dir.resolve("000_002"));
    assertThat(dir.resolve("000_002")).hasContent("new bytes");
  }
}
