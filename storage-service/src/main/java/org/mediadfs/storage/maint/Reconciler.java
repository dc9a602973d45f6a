package org.mediadfs.storage.maint;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.server.StorageService;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.wire.StoragePaths;
import org.mediadfs.wire.message.FileStatus;

/**
 * Brings the store roots and the metadata back in line after a crash, a lost disk or a lost
 * database, in both directions:
 *
 * <ul>
 *   <li>every row: a purged row's leftover bytes are removed (the purge crashed half-way); a live
 *       row without its file is flagged missing (replication repairs it, issue 5), one whose file
 *       is back loses the flag;
 *   <li>every file: stray temporary files and sidecars without data are removed; a file whose
 *       sidecar record is missing, torn or stale gets it written again from its row; a data file
 *       that no row names is moved to {@code quarantine/} once it is older than the grace period
 *       (younger ones may belong to an upload that is committing right now).
 * </ul>
 *
 * Runs at start in the background and then periodically; never deletes a data file that no row says
 * is purged.
 */
public final class Reconciler {
  private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
  private static final int PAGE = 500;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** What one pass found and did. */
  public record Report(
      long rows,
      long flaggedMissing,
      long unflagged,
      long purgedLeftovers,
      long sidecarsWritten,
      long files,
      long quarantined,
      long strayRemoved) {}

  private final String nodeId;
  private final StoreRoots roots;
  private final MetadataStore store;
  private final MetaWriter writer;
  private final Duration grace;
  private final Clock clock;

  public Reconciler(
      String nodeId,
      StoreRoots roots,
      MetadataStore store,
      MetaWriter writer,
      Duration grace,
      Clock clock) {
    this.nodeId = nodeId;
    this.roots = roots;
    this.store = store;
    this.writer = writer;
    this.grace = grace;
    this.clock = clock;
  }

  /** One full pass over rows and files. */
  public Report run() throws SQLException, IOException, InterruptedException {
    long[] c = new long[8];
    checkRows(c);
    for (StoreRoot root : roots.all()) {
      checkFiles(root, c);
    }
    Report r = new Report(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    LOG.log(System.Logger.Level.INFO, "reconcile of node {0}: {1}", nodeId, r);
    return r;
  }

  private void checkRows(long[] c) throws SQLException, IOException, InterruptedException {
    for (String table : MetadataStore.TABLES) {
      String after = "";
      while (true) {
        List<FileRow> page = store.scan(table, after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (FileRow row : page) {
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          c[0]++;
          checkRow(row, c);
        }
        after = page.getLast().fileId();
      }
    }
  }

  private void checkRow(FileRow row, long[] c) throws SQLException, IOException {
    Optional<StoreRoot> root = roots.byId(row.storeId());
    if (!StoragePaths.isLayoutPath(row.meta().path())) {
      LOG.log(
          System.Logger.Level.ERROR,
          "row of file {0} has a bad path {1}",
          row.fileId(),
          row.meta().path());
      return;
    }
    Path p = root.map(r -> r.resolve(row.meta().path())).orElse(null);
    boolean exists = p != null && Files.isRegularFile(p);
    if (row.status() == FileStatus.PURGED) {
      if (exists) {
        StorageService.removeBytes(p);
        c[3]++;
      }
      return;
    }
    boolean missing = (row.flags() & FileRow.FLAG_MISSING) != 0;
    if (!exists && !missing) {
      LOG.log(
          System.Logger.Level.ERROR,
          "file {0} (user {1}) has a row but no file at {2}: flagged missing",
          row.fileId(),
          row.userId(),
          p == null ? "unknown store " + row.storeId() : p);
      writer.apply(
          new Mutation.SetFlags(row.userId(), row.fileId(), FileRow.FLAG_MISSING, 0),
          Duration.ofSeconds(60));
      c[1]++;
    } else if (exists && missing) {
      writer.apply(
          new Mutation.SetFlags(row.userId(), row.fileId(), 0, FileRow.FLAG_MISSING),
          Duration.ofSeconds(60));
      c[2]++;
    }
  }

  private void checkFiles(StoreRoot root, long[] c) throws IOException {
    Path base = root.path();
    long cutoff = clock.millis() - grace.toMillis();
    String stamp = STAMP.format(clock.instant());
    Sidecar.FolderCache folders = new Sidecar.FolderCache();
    Files.walkFileTree(
        base,
        java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        4,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(base) && dir.getParent().equals(base)) {
              String n = dir.getFileName().toString();
              if (n.equals(StoreRoot.TMP) || n.equals(StoreRoot.QUARANTINE)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile() || file.getParent().equals(base)) {
              return FileVisitResult.CONTINUE;
            }
            try {
              visit(root, file, attrs, cutoff, stamp, folders, c);
            } catch (IOException | SQLException e) {
              LOG.log(
                  System.Logger.Level.WARNING, "reconcile of {0} failed: {1}", file, e.toString());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read {0}: {1}", file, e.toString());
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Writes a file's sidecar record again from its row when it is missing, torn or stale. */
  private void checkSidecar(Path file, FileRow row, Sidecar.FolderCache folders, long[] c)
      throws IOException {
    if (row.status() == FileStatus.PURGED) {
      return;
    }
    if (!Sidecar.agrees(folders.find(file), row)) {
      folders.write(file, row, nodeId);
      c[4]++;
    }
  }

  private void visit(
      StoreRoot root,
      Path file,
      BasicFileAttributes attrs,
      long cutoff,
      String stamp,
      Sidecar.FolderCache folders,
      long[] c)
      throws IOException, SQLException {
    String name = file.getFileName().toString();
    boolean old = attrs.lastModifiedTime().toMillis() < cutoff;
    if (name.endsWith(".tmp")) {
      if (old) {
        Files.deleteIfExists(file);
        c[7]++;
      }
      return;
    }
    if (name.equals(Sidecar.LOG)) {
      return;
    }
    if (name.endsWith(Sidecar.SUFFIX)) {
      Path data = file.resolveSibling(name.substring(0, name.length() - Sidecar.SUFFIX.length()));
      if (old && !Files.exists(data)) {
        Files.deleteIfExists(file);
        c[7]++;
      }
      return;
    }
    c[5]++;
    String rel = root.path().relativize(file).toString().replace('\\', '/');
    if (!old || roots.placing().contains(file)) {
      return; // young, or between its rename and its commit
    }
    if (StoragePaths.isLayoutPath(rel)) {
      Optional<FileRow> row = store.findByPath(root.storeId(), rel);
      if (row.isPresent()) {
        checkSidecar(file, row.get(), folders, c);
        return;
      }
    }
    Path dest = root.quarantineDir().resolve(stamp).resolve(rel);
    Files.createDirectories(dest.getParent());
    Files.move(file, dest, StandardCopyOption.ATOMIC_MOVE);
    Sidecar.moveWith(file, dest);
    c[6]++;
    LOG.log(
        System.Logger.Level.WARNING,
        "file {0} of store {1} has no metadata row: quarantined to {2}",
        rel,
        root.storeId(),
        dest);
  }
}
