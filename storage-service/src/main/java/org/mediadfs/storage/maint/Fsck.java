package org.mediadfs.storage.maint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.cache.CachedLookup;
import org.mediadfs.storage.cache.CaffeineMetaCache;
import org.mediadfs.storage.meta.Database;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.Journal;
import org.mediadfs.storage.meta.JournalRecovery;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.meta.Outcome;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.NodeIdentity;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.wire.StoragePaths;
import org.mediadfs.wire.message.FileStatus;

/**
 * {@code StorageMain fsck}: checks every row of the node against its file (present, right size,
 * right CRC32C), and every file against its row and its sidecar record; lists files no row names.
 * With {@code --repair} it flags bad rows, clears flags of rows that are fine again and rewrites
 * bad sidecars; with {@code --rebuild} it recreates the rows of files that have a valid sidecar and
 * intact bytes (the index was lost). The node must be stopped (in H2 mode the database lock
 * enforces it). Exit code 0 when nothing is wrong after the run, 1 otherwise.
 */
public final class Fsck {
  /**
   * What was found.
   *
   * @param rows rows checked
   * @param problems one line per problem still present after the run
   * @param repaired rows flagged or unflagged, sidecars rewritten
   * @param rebuilt rows recreated from sidecars
   */
  public record Report(long rows, long files, List<String> problems, long repaired, long rebuilt) {
    /** True when nothing is wrong. */
    public boolean clean() {
      return problems.isEmpty();
    }
  }

  private final StorageConfig config;
  private final PrintStream out;

  public Fsck(StorageConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Runs the check. */
  public Report run(boolean checksums, boolean repair, boolean rebuild)
      throws IOException, SQLException, InterruptedException {
    if (!Files.exists(config.dataDir().resolve(NodeIdentity.FILE))) {
      throw new IOException(
          "no node identity in " + config.dataDir() + ": not a storage node's data folder");
    }
    String nodeId = NodeIdentity.loadOrCreate(config.dataDir());
    StoreRoots roots = StoreRoots.open(config.roots(), false);
    try (Database db = Database.open(config.database(), "fsck");
        CaffeineMetaCache cache = new CaffeineMetaCache(Duration.ofSeconds(1), 1)) {
      MetadataStore store = new MetadataStore(db, nodeId);
      // A node that crashed may have its newest changes only in its journal.
      JournalRecovery.recoverIfPresent(
          Journal.dirOf(config.dataDir()), db, nodeId, roots::byId, new Durability.PerFile());
      try (MetaWriter writer =
          MetaWriter.start(
              db,
              nodeId,
              new CachedLookup(store, cache),
              config.retention().deleted(),
              new Durability.PerFile(),
              Clock.systemUTC())) {
        List<String> problems = new ArrayList<>();
        long[] c = new long[4];
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        RateLimiter unlimited = RateLimiter.system(0);
        if (rebuild) {
          for (StoreRoot root : roots.all()) {
            rebuild(root, store, writer, buf, unlimited, c);
          }
        }
        for (String table : MetadataStore.TABLES) {
          String after = "";
          while (true) {
            List<FileRow> page = store.scan(table, after, 500);
            if (page.isEmpty()) {
              break;
            }
            for (FileRow row : page) {
              c[0]++;
              checkRow(roots, writer, row, checksums, repair, buf, unlimited, problems, c);
            }
            after = page.getLast().fileId();
          }
        }
        for (StoreRoot root : roots.all()) {
          files(nodeId, root, store, repair, problems, c);
        }
        Report r = new Report(c[0], c[1], List.copyOf(problems), c[2], c[3]);
        problems.forEach(p -> out.println("PROBLEM " + p));
        out.printf(
            "fsck node %s: %d rows, %d files, %d problem(s), %d repaired, %d rebuilt%n",
            nodeId, r.rows(), r.files(), problems.size(), r.repaired(), r.rebuilt());
        return r;
      }
    }
  }

  private void checkRow(
      StoreRoots roots,
      MetaWriter writer,
      FileRow row,
      boolean checksums,
      boolean repair,
      ByteBuffer buf,
      RateLimiter limiter,
      List<String> problems,
      long[] c)
      throws SQLException, IOException, InterruptedException {
    String who = "file " + row.fileId() + " (user " + row.userId() + ")";
    Optional<StoreRoot> root = roots.byId(row.storeId());
    if (row.status() == FileStatus.PURGED) {
      if (root.isPresent() && Files.exists(root.get().resolve(row.meta().path()))) {
        problems.add(who + ": purged but its bytes are still there");
      }
      return;
    }
    if (root.isEmpty()) {
      problems.add(who + ": store root " + row.storeId() + " is not configured");
      return;
    }
    Path p = root.get().resolve(row.meta().path());
    int bad = 0;
    String what = null;
    try {
      long size = Files.size(p);
      if (size != row.meta().size()) {
        bad = FileRow.FLAG_CORRUPT;
        what = "size " + size + " differs from the row's " + row.meta().size();
      } else if (checksums) {
        long crc = Scrubber.crcOf(p, buf, limiter);
        if (crc != row.meta().crc32c()) {
          bad = FileRow.FLAG_CORRUPT;
          what =
              String.format("checksum %08x differs from the row's %08x", crc, row.meta().crc32c());
        }
      }
    } catch (NoSuchFileException e) {
      bad = FileRow.FLAG_MISSING;
      what = "missing at " + p;
    }
    if (bad != 0) {
      problems.add(who + ": " + what);
      if (repair && (row.flags() & bad) == 0) {
        writer.apply(
            new Mutation.SetFlags(row.userId(), row.fileId(), bad, 0), Duration.ofSeconds(60));
        c[2]++;
      }
      return;
    }
    if (row.flags() != 0) {
      if (repair && checksums) {
        writer.apply(
            new Mutation.SetFlags(row.userId(), row.fileId(), 0, row.flags()),
            Duration.ofSeconds(60));
        c[2]++;
      } else {
        problems.add(who + ": flagged " + row.flags() + " but its file looks fine");
      }
    }
  }

  private void rebuild(
      StoreRoot root,
      MetadataStore store,
      MetaWriter writer,
      ByteBuffer buf,
      RateLimiter limiter,
      long[] c)
      throws IOException {
    Sidecar.FolderCache folders = new Sidecar.FolderCache();
    for (Path file : dataFiles(root)) {
      String rel = root.path().relativize(file).toString();
      try {
        if (store.findByPath(root.storeId(), rel).isPresent()) {
          continue;
        }
        Optional<FileRow> found = folders.find(file);
        if (found.isEmpty()) {
          out.println("SKIP " + file + ": no intact sidecar record");
          continue;
        }
        FileRow side = found.get();
        if (!side.meta().path().equals(rel)) {
          out.println("SKIP " + file + ": its sidecar names another path " + side.meta().path());
          continue;
        }
        if (Files.size(file) != side.meta().size()
            || Scrubber.crcOf(file, buf, limiter) != side.meta().crc32c()) {
          out.println("SKIP " + file + ": bytes do not match the sidecar");
          continue;
        }
        FileRow row = new FileRow(side.meta(), root.storeId(), 0);
        Outcome o = writer.apply(new Mutation.Put(row, Set.of()), Duration.ofSeconds(60));
        if (o instanceof Outcome.Applied) {
          c[3]++;
        } else {
          out.println("SKIP " + file + ": " + o);
        }
      } catch (IOException e) {
        out.println("SKIP " + file + ": no usable sidecar (" + e.getMessage() + ")");
      } catch (SQLException | InterruptedException e) {
        throw new IOException("rebuild failed at " + file, e);
      }
    }
  }

  /**
   * Every data file against its row: one that no row names is a problem; one whose sidecar record
   * is missing, torn or describes another file is one too, or is written again from the row.
   */
  private void files(
      String nodeId,
      StoreRoot root,
      MetadataStore store,
      boolean repair,
      List<String> problems,
      long[] c)
      throws IOException, SQLException {
    Sidecar.FolderCache folders = new Sidecar.FolderCache();
    for (Path file : dataFiles(root)) {
      c[1]++;
      String rel = root.path().relativize(file).toString();
      Optional<FileRow> row = store.findByPath(root.storeId(), rel);
      if (row.isEmpty()) {
        problems.add("file " + file + " has no metadata row");
        continue;
      }
      FileRow r = row.get();
      if (r.status() == FileStatus.PURGED) {
        continue; // its bytes being there is reported with the row
      }
      Optional<FileRow> side = folders.find(file);
      if (Sidecar.agrees(side, r)) {
        continue;
      }
      if (repair) {
        folders.write(file, r, nodeId);
        c[2]++;
      } else {
        problems.add(
            "file "
                + r.fileId()
                + " (user "
                + r.userId()
                + "): sidecar record "
                + (side.isEmpty() ? "missing or torn" : "describes another state or file"));
      }
    }
  }

  /** Every data file of the layout under a root (no sidecars, temporaries or quarantine). */
  static List<Path> dataFiles(StoreRoot root) throws IOException {
    List<Path> files = new ArrayList<>();
    Path base = root.path();
    Files.walkFileTree(
        base,
        java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        4,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.getParent() != null && dir.getParent().equals(base)) {
              String n = dir.getFileName().toString();
              if (n.equals(StoreRoot.TMP) || n.equals(StoreRoot.QUARANTINE)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()
                && StoragePaths.isLayoutPath(base.relativize(file).toString())) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }
}
