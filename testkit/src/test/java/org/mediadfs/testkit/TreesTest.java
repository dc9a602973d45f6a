package org.mediadfs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {
  @TempDir Path dir;

  @Test
  void deletesATreeWithEverythingUnderItAndLeavesItsNeighbours() throws Exception {
    Path root = dir.resolve("work");
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/file"), "x");
    Files.writeString(root.resolve("top"), "y");
    Path neighbour = Files.writeString(dir.resolve("neighbour"), "z");

    Trees.delete(root);

    assertThat(root).doesNotExist();
    assertThat(neighbour).hasContent("z");
  }

  @Test
  void aTreeThatDoesNotExistIsNothingToDo() throws Exception {
    Trees.delete(dir.resolve("missing"));
    assertThat(dir).exists();
  }
}
