package org.mediadfs.faults;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.testkit.SideBySide;
import org.mediadfs.testkit.StorageProcess;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Response;

/**
 * The invariant checked at the end of every run, asking every member of every group directly:
 *
 * <ol>
 *   <li>every acknowledged upload reads back byte-identical from every member of its group (the
 *       files of the run and a sample of older ones in full, every other one by size, CRC32C and
 *       status);
 *   <li>every acknowledged delete stays deleted on every member (FILE_SIZE answers DELETED: this
 *       goes through the node's cache, where a stale entry would show);
 *   <li>no ID was handed out twice: the ID in each stored path (the layout encodes it) names one
 *       file per group, and a file has the same path on every member;
 *   <li>no temporary or partial file is left: every store root's {@code tmp/} is empty, every
 *       stored file has the size its row (or, for an unacknowledged orphan, its sidecar) says; and
 *       every active row, acknowledged or not, names bytes that some member of its group holds
 *       whole;
 *   <li>every node is ACTIVE at the tracker.
 * </ol>
 *
 * Replication is asynchronous, so 1 and 2 are retried until they hold or {@link #CONVERGENCE}
 * passes; wrong bytes fail at once.
 */
final class Invariants {
  /** How long members may take to agree after a run. */
  static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /**
   * Between two passes while members catch up: replication lag after a run is usually well under a
   * second, and a pass over the few files still behind is cheap.
   */
  static final Duration RECHECK = Duration.ofMillis(200);

  private static final Pattern LAYOUT =
      Pattern.compile("([0-9A-F]{3})/([0-9A-F]{3})/([0-9A-F]{3})/[0-9A-F]{1,16}_([0-9A-F]{3})");

  private final Suite suite;
  private final String run;

  private Invariants(Suite suite, String run) {
    this.suite = suite;
    this.run = run;
  }

  /** Checks everything; violations go to the ledger under {@code run}. */
  static void check(Suite suite, String run, Predicate<Ledger.Entry> fullContent) {
    Invariants i = new Invariants(suite, run);
    long t0 = System.nanoTime();
    suite.cluster().awaitAllActive(Duration.ofSeconds(60));
    int files = i.checkFiles(fullContent);
    int rows = i.checkIdsAndPaths();
    int stored = i.checkDisks();
    suite
        .log()
        .event(
            run,
            String.format(
                "invariants checked in %.1f s: %d acknowledged files on every member, %d rows"
                    + " (ID uniqueness), %d stored files on disk, every node ACTIVE",
                (System.nanoTime() - t0) / 1e9, files, rows, stored));
  }

  /** The ID server's ID that a layout path encodes. */
  static long idOf(String path) {
    Matcher m = LAYOUT.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a layout path: " + path);
    }
    long id = 0;
    for (int g = 1; g <= 4; g++) {
      id = id * 512 + Long.parseLong(m.group(g), 16);
    }
    return id;
  }

  // ------------------------------------------------------------------ 1 and 2

  private int checkFiles(Predicate<Ledger.Entry> fullContent) {
    // Entries already reported broken are not reported (and waited for) again by later runs.
    List<Ledger.Entry> todo =
        suite.ledger().all().stream()
            .filter(e -> e.pending == Ledger.Pending.NONE && !e.reported)
            .toList();
    int count = todo.size();
    long deadline = System.nanoTime() + CONVERGENCE.toNanos();
    while (true) {
      Map<Ledger.Entry, String> problems = pass(todo, fullContent);
      if (problems.isEmpty()) {
        return count;
      }
      if (System.nanoTime() - deadline > 0) {
        problems.forEach(
            (e, p) -> {
              e.reported = true;
              suite.ledger().violation(run, "after " + CONVERGENCE + ": " + e + ": " + p);
            });
        return count;
      }
      suite
          .log()
          .event(
              run,
              problems.size()
                  + " file(s) not yet right on every member (first: "
                  + problems.entrySet().iterator().next()
                  + "); waiting");
      todo = List.copyOf(problems.keySet());
      java.util.concurrent.locks.LockSupport.parkNanos(RECHECK.toNanos());
    }
  }

  /**
   * One pass over {@code todo}: what is wrong with each entry (none: in step). The groups are
   * checked side by side, each on its own connections (a group's entries are asked of its own
   * members only), so a big pass such as the final check keeps both cores busy.
   */
  private Map<Ledger.Entry, String> pass(
      List<Ledger.Entry> todo, Predicate<Ledger.Entry> fullContent) {
    Map<String, List<Ledger.Entry>> byGroup = new LinkedHashMap<>();
    for (Ledger.Entry e : todo) {
      byGroup.computeIfAbsent(e.group, g -> new ArrayList<>()).add(e);
    }
    Map<Ledger.Entry, String> found = new java.util.concurrent.ConcurrentHashMap<>();
    List<SideBySide.Task> tasks = new ArrayList<>();
    for (List<Ledger.Entry> entries : byGroup.values()) {
      tasks.add(
          new SideBySide.Task(
              "invariants-" + entries.getFirst().group,
              () -> {
                // Every member's rows in a few LIST pages, instead of one STAT per file and
                // member.
                Map<StorageProcess, Map<String, FileMeta>> listed = new HashMap<>();
                try (Probes probes = new Probes()) {
                  for (Ledger.Entry e : entries) {
                    String p = checkEntry(e, probes, listed, fullContent.test(e));
                    if (p != null) {
                      found.put(e, p);
                    }
                  }
                }
              }));
    }
    List<Throwable> failed = SideBySide.run(tasks);
    if (!failed.isEmpty()) {
      IllegalStateException x = new IllegalStateException("the invariant check failed");
      failed.forEach(x::addSuppressed);
      throw x;
    }
    Map<Ledger.Entry, String> problems = new LinkedHashMap<>();
    for (Ledger.Entry e : todo) {
      String p = found.get(e);
      if (p != null) {
        problems.put(e, p);
      }
    }
    return problems;
  }

  /**
   * Null when the entry holds on every running member of its group, else what is wrong. Without
   * replication (groups of one, or before issue 5) only the member that acknowledged it is asked.
   */
  private String checkEntry(
      Ledger.Entry e,
      Probes probes,
      Map<StorageProcess, Map<String, FileMeta>> listed,
      boolean full) {
    List<StorageProcess> members =
        suite.cluster().members(e.group).stream().filter(StorageProcess::isAlive).toList();
    if (members.isEmpty()) {
      return "no running member of " + e.group;
    }
    if (!Suite.REPLICATION) {
      if (e.ackedBy == null) {
        String last = null;
        for (StorageProcess m : members) {
          last = checkOn(m, e, probes, listed, full);
          if (last == null) {
            return null;
          }
        }
        return last;
      }
      members = members.stream().filter(m -> m.address().port() == e.ackedBy.port()).toList();
      if (members.isEmpty()) {
        return "the member that acknowledged it (" + e.ackedBy + ") is not running";
      }
    }
    for (StorageProcess m : members) {
      String p = checkOn(m, e, probes, listed, full);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String checkOn(
      StorageProcess m,
      Ledger.Entry e,
      Probes probes,
      Map<StorageProcess, Map<String, FileMeta>> listed,
      boolean full) {
    IdBlock ids = new IdBlock(e.appId, e.userId, e.fileId);
    try {
      NodeProbe p = probes.of(m.address());
      Map<String, FileMeta> rows = listed.get(m);
      if (rows == null) {
        rows = new HashMap<>();
        for (FileMeta f : p.listAll()) {
          rows.put(f.userId() + "/" + f.fileId(), f);
        }
        listed.put(m, rows);
      }
      FileMeta meta = rows.get(e.userId + "/" + e.fileId);
      if (e.state == Ledger.State.ACTIVE) {
        if (meta == null) {
          return m.name() + " has no row of it";
        }
        if (meta.status() != FileStatus.ACTIVE
            || meta.size() != e.size()
            || meta.crc32c() != e.digest.crc32c()) {
          return m.name() + " has " + meta;
        }
        if (full) {
          NodeProbe.Read r = p.download(ids, 0, 0);
          if (!r.ok()) {
            return m.name() + " answered " + r.error() + " " + r.text();
          }
          if (!r.digest().matches(e.digest)) {
            // Wrong bytes are never a matter of time.
            e.reported = true;
            suite.ledger().violation(run, m.name() + " returned " + r.digest() + " for " + e);
          }
        }
        return null;
      }
      if (meta == null || meta.status() != FileStatus.DELETED) {
        return m.name() + " has " + meta + " for a deleted file";
      }
      if (full) {
        // Through the node's lookup cache, where a stale entry would show.
        Response r = p.fileSize(ids);
        if (!(r instanceof Response.Error err) || err.code() != ErrorCode.DELETED) {
          return m.name() + " answered FILE_SIZE of a deleted file with " + r;
        }
      }
      return null;
    } catch (IOException | org.mediadfs.wire.ErrorReplyException x) {
      probes.drop(m.address());
      listed.remove(m);
      return m.name() + ": " + x;
    }
  }

  /** One connection per node for a pass. */
  private static final class Probes implements AutoCloseable {
    private final Map<HostPort, NodeProbe> open = new HashMap<>();

    NodeProbe of(HostPort a) throws IOException {
      NodeProbe p = open.get(a);
      if (p == null) {
        p = NodeProbe.open(a);
        open.put(a, p);
      }
      return p;
    }

    void drop(HostPort a) {
      NodeProbe p = open.remove(a);
      if (p != null) {
        try {
          p.close();
        } catch (IOException e) {
          // Already broken; nothing to release.
        }
      }
    }

    @Override
    public void close() {
      for (HostPort a : List.copyOf(open.keySet())) {
        drop(a);
      }
    }
  }

  // ------------------------------------------------------------------ 3

  private final Map<StorageProcess, List<FileMeta>> rowsByNode = new HashMap<>();

  private List<FileMeta> rows(StorageProcess n) {
    return rowsByNode.computeIfAbsent(
        n,
        k -> {
          try (NodeProbe p = NodeProbe.open(k.address())) {
            return p.listAll();
          } catch (IOException | org.mediadfs.wire.ErrorReplyException e) {
            suite.ledger().violation(run, "cannot list the files of " + k.name() + ": " + e);
            return List.of();
          }
        });
  }

  private int checkIdsAndPaths() {
    int rows = 0;
    Map<String, List<StorageProcess>> byGroup = new LinkedHashMap<>();
    for (StorageProcess n : suite.cluster().nodes()) {
      if (n.isAlive()) {
        byGroup.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(n);
      }
    }
    for (var g : byGroup.entrySet()) {
      // A file is (owner, file ID): the same ID under two users is two files (two tables' rows).
      Map<Long, String> fileOfId = new HashMap<>();
      Map<String, String> pathOfFile = new HashMap<>();
      for (StorageProcess n : g.getValue()) {
        for (FileMeta m : rows(n)) {
          rows++;
          long id;
          try {
            id = idOf(m.path());
          } catch (IllegalArgumentException e) {
            suite
                .ledger()
                .violation(run, n.name() + ": file " + m.fileId() + ": " + e.getMessage());
            continue;
          }
          String file = m.userId() + "/" + m.fileId();
          String other = fileOfId.putIfAbsent(id, file);
          if (other != null
              && !other.equals(file)
              && suite.ledger().firstReport("id:" + g.getKey() + ":" + id)) {
            suite
                .ledger()
                .violation(
                    run,
                    "ID "
                        + id
                        + " of "
                        + g.getKey()
                        + " was handed out twice: files "
                        + other
                        + " and "
                        + file
                        + " ("
                        + n.name()
                        + ")");
          }
          String path = pathOfFile.putIfAbsent(file, m.path());
          if (path != null
              && !path.equals(m.path())
              && suite.ledger().firstReport("path:" + file)) {
            suite
                .ledger()
                .violation(
                    run,
                    "file "
                        + file
                        + " has path "
                        + path
                        + " on one member and "
                        + m.path()
                        + " on "
                        + n.name());
          }
        }
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------ 4

  private int checkDisks() {
    int files = 0;
    Map<String, List<StorageProcess>> byGroup = new LinkedHashMap<>();
    for (StorageProcess n : suite.cluster().nodes()) {
      if (n.isAlive()) {
        byGroup.computeIfAbsent(n.group(), g -> new ArrayList<>()).add(n);
      }
    }
    for (List<StorageProcess> members : byGroup.values()) {
      Set<String> whole = new HashSet<>(); // paths some member holds with the size of its row
      Map<String, FileMeta> active = new LinkedHashMap<>();
      for (StorageProcess n : members) {
        Map<String, Long> sizeByPath = new HashMap<>();
        for (FileMeta m : rows(n)) {
          if (m.status() != FileStatus.PURGED) {
            sizeByPath.put(m.path(), m.size());
          }
          if (m.status() == FileStatus.ACTIVE) {
            active.putIfAbsent(m.userId() + "/" + m.fileId(), m);
          }
        }
        for (Path root : n.roots()) {
          files += checkRoot(n, root, sizeByPath, whole);
        }
      }
      // An active file no member can serve is lost, acknowledged or not: every row is committed
      // after its bytes are in place (found 2026-11-27: an upload's commit landed, its reply was
      // lost, the retry was refused as a duplicate and the upload removed the bytes).
      for (FileMeta m : active.values()) {
        if (!whole.contains(m.path())) {
          suite
              .ledger()
              .violation(
                  run,
                  "active file "
                      + m.fileId()
                      + " (user "
                      + m.userId()
                      + ") has no bytes at "
                      + m.path()
                      + " on any member of group "
                      + members.getFirst().group());
        }
      }
    }
    return files;
  }

  private int checkRoot(
      StorageProcess n, Path root, Map<String, Long> sizeByPath, Set<String> whole) {
    Path tmp = root.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> s = Files.list(tmp)) {
        List<String> left = s.map(p -> p.getFileName().toString()).toList();
        if (!left.isEmpty()) {
          suite
              .ledger()
              .violation(run, n.name() + ": temporary files left in " + tmp + ": " + left);
        }
      } catch (IOException e) {
        suite.ledger().violation(run, n.name() + ": cannot list " + tmp + ": " + e);
      }
    }
    int[] count = {0};
    List<String> problems = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          4,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
              if (!dir.equals(root) && dir.getParent().equals(root)) {
                String name = dir.getFileName().toString();
                if (name.equals("tmp") || name.equals("quarantine")) {
                  return FileVisitResult.SKIP_SUBTREE;
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
              if (!a.isRegularFile() || f.getParent().equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              String name = f.getFileName().toString();
              if (name.endsWith(Sidecar.SUFFIX) || name.equals(Sidecar.LOG)) {
                return FileVisitResult.CONTINUE;
              }
              String rel = root.relativize(f).toString().replace('\\', '/');
              if (name.endsWith(".tmp")) {
                suite.log().event(run, n.name() + ": stray record temp file " + rel);
                return FileVisitResult.CONTINUE;
              }
              count[0]++;
              Long want = sizeByPath.get(rel);
              if (want != null) {
                if (want != a.size()) {
                  problems.add(rel + " has " + a.size() + " bytes, its row says " + want);
                } else {
                  whole.add(rel);
                }
              } else {
                orphan(n, f, rel, a.size(), problems);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add("cannot walk " + root + ": " + e);
    }
    for (String p : problems) {
      suite.ledger().violation(run, n.name() + ": partial or damaged file: " + p);
    }
    return count[0];
  }

  /**
   * A stored file without a row: an upload killed after its rename and before its commit (never
   * acknowledged; the node quarantines it after a grace period). It must still be whole.
   */
  private void orphan(
      StorageProcess n, Path f, String rel, long size, Collection<String> problems) {
    try {
      var side = Sidecar.find(f);
      if (side.isEmpty()) {
        suite.log().event(run, n.name() + ": unacknowledged orphan without sidecar " + rel);
        return;
      }
      long want = side.get().meta().size();
      if (want != size) {
        problems.add("orphan " + rel + " has " + size + " bytes, its sidecar says " + want);
      } else {
        suite.log().event(run, n.name() + ": unacknowledged, whole orphan " + rel);
      }
    } catch (IOException e) {
      suite.log().event(run, n.name() + ": orphan " + rel + " with unreadable sidecar: " + e);
    }
  }
}
