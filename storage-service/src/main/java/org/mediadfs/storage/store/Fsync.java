package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Durability helpers. A renamed or created file is only durable once the directory that names it is
 * synced too; a created directory once its parent is. On Linux a directory opened read-only may be
 * fsynced.
 */
public final class Fsync {
  private Fsync() {}

  /** fsync of a directory, so the names in it (renames, creations) survive a crash. */
  public static void directory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Creates {@code dir} and any missing parents below {@code stopAt}, returning the directories
   * whose entries changed (the parents of every created directory) so the caller can sync them.
   */
  public static List<Path> createDirectories(Path stopAt, Path dir) throws IOException {
    List<Path> created = new ArrayList<>();
    Path p = dir;
    while (p != null && !p.equals(stopAt) && !Files.isDirectory(p)) {
      created.add(p);
      p = p.getParent();
    }
    List<Path> changedParents = new ArrayList<>();
    for (int i = created.size() - 1; i >= 0; i--) {
      Path c = created.get(i);
      try {
        Files.createDirectory(c);
        changedParents.add(c.getParent());
      } catch (FileAlreadyExistsException e) {
        // A concurrent upload created it first; its parent is synced by that upload's commit.
        if (!Files.isDirectory(c)) {
          throw e;
        }
      }
    }
    return changedParents;
  }
}
