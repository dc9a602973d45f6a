package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an upload's bytes and names become durable before its row is committed. Two strategies:
 *
 * <ul>
 *   <li>{@link SyncFs} (Linux): uploads write without fsync; the metadata writer calls {@code
 *       syncfs} once per file system per batch, which covers the data, sidecars and directory
 *       entries of every upload in the batch: one flush for many files (group commit). Large files
 *       are still forced by their own upload thread, overlapping the disk with the network, so a
 *       batch's flush never waits for hundreds of megabytes.
 *   <li>{@link PerFile} (anywhere): every upload forces its own file; the writer fsyncs each
 *       distinct directory of the batch once.
 * </ul>
 *
 * Either way the order is the same: bytes and names durable, then the row committed, then the
 * acknowledgement.
 */
public sealed interface Durability extends AutoCloseable {
  /** Files at least this large are forced by the upload thread under every strategy. */
  long LARGE_FILE = 4L << 20;

  /** True when the upload thread must force a file of {@code size} bytes itself. */
  boolean uploadForces(long size);

  /** Makes the given directories' entries (and, for syncfs, all data) durable. */
  void beforeCommit(Set<Path> dirs) throws IOException;

  /**
   * Makes everything written to the store roots so far durable, when the strategy can do that at
   * once (syncfs).
   *
   * @return false when it cannot (every file must then be forced on its own)
   */
  boolean syncAll() throws IOException;

  /**
   * True when small files may skip their own flush because the metadata journal carries their
   * bytes: a journal checkpoint then needs {@link #syncAll}, which only syncfs offers.
   */
  default boolean journals() {
    return false;
  }

  /** A short name for logs. */
  String describe();

  @Override
  void close();

  /**
   * The strategy for a mode ({@code auto}, {@code syncfs}, {@code fsync}).
   *
   * @param roots the store roots (one descriptor per distinct file system is opened)
   * @throws IOException if {@code syncfs} was asked for and is not available
   */
  static Durability forMode(String mode, List<Path> roots) throws IOException {
    switch (mode) {
      case "fsync" -> {
        return new PerFile();
      }
      case "syncfs", "auto" -> {
        var ns = NativeSync.load();
        if (ns.isEmpty()) {
          if (mode.equals("syncfs")) {
            throw new IOException("syncfs is not available on this system");
          }
          return new PerFile();
        }
        return SyncFs.open(ns.get(), roots);
      }
      default -> throw new IllegalArgumentException("unknown sync mode: " + mode);
    }
  }

  /** One fsync per file by its upload, one per directory per batch. */
  final class PerFile implements Durability {
    @Override
    public boolean uploadForces(long size) {
      return true;
    }

    @Override
    public void beforeCommit(Set<Path> dirs) throws IOException {
      for (Path d : dirs) {
        Fsync.directory(d);
      }
    }

    @Override
    public boolean syncAll() {
      return false;
    }

    @Override
    public String describe() {
      return "fsync per file";
    }

    @Override
    public void close() {}
  }

  /** One syncfs per file system per batch. */
  final class SyncFs implements Durability {
    private final NativeSync ns;
    private final List<Path> roots;
    private final List<Integer> fdOfRoot;
    private final Set<Integer> fds;

    private SyncFs(NativeSync ns, List<Path> roots, List<Integer> fdOfRoot, Set<Integer> fds) {
      this.ns = ns;
      this.roots = roots;
      this.fdOfRoot = fdOfRoot;
      this.fds = fds;
    }

    static SyncFs open(NativeSync ns, List<Path> roots) throws IOException {
      Map<FileStore, Integer> byStore = new LinkedHashMap<>();
      List<Integer> fdOfRoot = new ArrayList<>();
      try {
        for (Path r : roots) {
          FileStore fs = Files.getFileStore(r);
          Integer fd = byStore.get(fs);
          if (fd == null) {
            fd = ns.openDirectory(r);
            byStore.put(fs, fd);
          }
          fdOfRoot.add(fd);
        }
      } catch (IOException e) {
        byStore.values().forEach(ns::close);
        throw e;
      }
      return new SyncFs(ns, List.copyOf(roots), fdOfRoot, new LinkedHashSet<>(byStore.values()));
    }

    @Override
    public boolean uploadForces(long size) {
      return size >= LARGE_FILE;
    }

    @Override
    public void beforeCommit(Set<Path> dirs) throws IOException {
      Set<Integer> touched = new LinkedHashSet<>();
      for (Path d : dirs) {
        int root = -1;
        for (int i = 0; i < roots.size() && root < 0; i++) {
          if (d.startsWith(roots.get(i))) {
            root = i;
          }
        }
        if (root >= 0) {
          touched.add(fdOfRoot.get(root));
        } else {
          Fsync.directory(d); // not under a root: make its entries durable the portable way
        }
      }
      for (int fd : touched) {
        ns.syncfs(fd);
      }
    }

    @Override
    public boolean syncAll() throws IOException {
      for (int fd : fds) {
        ns.syncfs(fd);
      }
      return true;
    }

    @Override
    public boolean journals() {
      return true;
    }

    @Override
    public String describe() {
      return "syncfs per batch (" + fds.size() + " file system(s)), small files journaled";
    }

    @Override
    public void close() {
      fds.forEach(ns::close);
    }
  }
}
