package org.mediadfs.storage.meta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.CRC32C;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.Fsync;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.wire.UserTables;
import org.mediadfs.wire.message.FileStatus;

/**
 * Start-up replay of the metadata {@link Journal}, before anything reads the database or the store
 * roots:
 *
 * <ol>
 *   <li>embedded H2 only (it writes commits back lazily): every row change, log entry and cursor of
 *       every intact batch is written again, in order, as absolute values — the result is the state
 *       after the newest batch, whatever part of them the database had kept; then {@code CHECKPOINT
 *       SYNC}. MySQL made every commit durable itself, and a batch whose commit failed must not be
 *       applied there;
 *   <li>every small file the journal carries whose bytes on disk are missing or wrong and whose row
 *       names it (same store, path and checksum, not purged) is written again from the journal
 *       (temporary file, force, rename). The bytes are looked at first: after a crash nearly all of
 *       them are intact, and asking the database about each file first (a query per file, up to 64
 *       MiB of small files) held a node's start for 10 s in the fault suite (MySQL through its
 *       proxy, 905 batches);
 *   <li>everything is made durable (syncfs, or each file forced), then the journal is emptied.
 * </ol>
 *
 * Running it twice is harmless: it only ever writes the newest state.
 */
public final class JournalRecovery {
  private static final System.Logger LOG = System.getLogger(JournalRecovery.class.getName());

  /**
   * What a replay did.
   *
   * @param batches intact batches found
   * @param rows row changes, log entries and cursors written again (H2)
   * @param filesRewritten small files whose bytes were restored from the journal
   * @param ignoredBytes bytes of a torn tail (a batch that was never acknowledged)
   */
  public record Report(int batches, int rows, int filesRewritten, long ignoredBytes) {}

  private JournalRecovery() {}

  /**
   * Replays the journal in {@code dir} if there is one, and empties it.
   *
   * @param roots the store root of a store ID, if this node has it
   */
  public static Report recoverIfPresent(
      Path dir,
      Database db,
      String nodeId,
      Function<String, Optional<StoreRoot>> roots,
      Durability durability)
      throws IOException, SQLException {
    if (!Files.exists(dir.resolve(Journal.FILE))) {
      return new Report(0, 0, 0, 0);
    }
    try (Journal j = Journal.open(dir)) {
      return recover(j, db, nodeId, roots, durability);
    }
  }

  /** The row of a file, whatever its status: {@link MetadataStore#find}. */
  @FunctionalInterface
  interface RowLookup {
    Optional<FileRow> find(String userId, String fileId) throws SQLException;
  }

  /** Replays an open journal and empties it. */
  public static Report recover(
      Journal journal,
      Database db,
      String nodeId,
      Function<String, Optional<StoreRoot>> roots,
      Durability durability)
      throws IOException, SQLException {
    MetadataStore store = new MetadataStore(db, nodeId);
    return recover(journal, db, nodeId, roots, durability, store::find);
  }

  /** {@link #recover(Journal, Database, String, Function, Durability)} with its row look-ups. */
  static Report recover(
      Journal journal,
      Database db,
      String nodeId,
      Function<String, Optional<StoreRoot>> roots,
      Durability durability,
      RowLookup store)
      throws IOException, SQLException {
    if (journal.isEmpty()) {
      return new Report(0, 0, 0, 0);
    }
    int[] rows = {0};
    Journal.Scan scan;
    if (db.dialect() == Database.Dialect.H2) {
      try (Connection c = db.connection()) {
        c.setAutoCommit(false);
        try {
          scan = journal.read(b -> rows[0] += replayRows(c, nodeId, b));
          c.commit();
        } catch (IOException | SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
        try (Statement s = c.createStatement()) {
          s.execute("CHECKPOINT SYNC");
        }
      }
    } else {
      scan = journal.read(b -> {});
    }
    int[] rewritten = {0};
    journal.read(
        b -> {
          for (Journal.Entry e : b.entries()) {
            if (e instanceof Journal.Data d && restore(store, roots, d)) {
              rewritten[0]++;
            }
          }
        });
    if (!durability.syncAll()) {
      forceEach(roots, journal);
    }
    journal.reset();
    Report r = new Report(scan.batches(), rows[0], rewritten[0], scan.ignoredBytes());
    LOG.log(
        System.Logger.Level.INFO,
        "node {0}: metadata journal replayed: {1} batches, {2} row changes, {3} files restored"
            + " from it, {4} bytes of a torn tail ignored",
        nodeId,
        r.batches(),
        r.rows(),
        r.filesRewritten(),
        r.ignoredBytes());
    return r;
  }

  private static int replayRows(Connection c, String nodeId, Journal.Batch b) throws SQLException {
    int n = 0;
    for (Journal.Entry e : b.entries()) {
      switch (e) {
        case Journal.RowSet r ->
            update(
                c,
                "MERGE INTO "
                    + UserTables.tableName(r.row().userId())
                    + " (node_id, "
                    + MetadataStore.COLUMNS
                    + ") KEY (node_id, id) VALUES "
                    + MetaWriter.ROW_VALUES,
                p -> MetaWriter.bindRow(p, nodeId, r.row()));
        case Journal.RowGone g ->
            update(
                c,
                "DELETE FROM " + UserTables.tableName(g.userId()) + " WHERE node_id = ? AND id = ?",
                p -> {
                  p.setString(1, nodeId);
                  p.setString(2, g.fileId());
                });
        case Journal.LogEntry l ->
            update(
                c,
                "MERGE INTO t_repl_log ("
                    + MetaWriter.LOG_COLUMNS
                    + ") KEY (node_id, seq) VALUES "
                    + MetaWriter.LOG_VALUES,
                p -> MetaWriter.bindLog(p, nodeId, l.seq(), l.op(), l.meta(), l.logTime()));
        case Journal.Cursor cur ->
            update(
                c,
                MetaWriter.H2_CURSOR_UPSERT,
                p -> {
                  p.setString(1, nodeId);
                  p.setString(2, cur.peerId());
                  p.setLong(3, cur.seq());
                  p.setLong(4, cur.time());
                });
        case Journal.Data d -> {
          continue; // bytes: the second pass
        }
      }
      n++;
    }
    return n;
  }

  private static void update(Connection c, String sql, MetaWriter.Binder binder)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      p.executeUpdate();
    }
  }

  /** True when the file's row still names exactly these bytes (store, path, size, checksum). */
  private static boolean namedByItsRow(RowLookup store, Journal.Data d) throws SQLException {
    Optional<FileRow> row = store.find(d.userId(), d.fileId());
    return row.isPresent()
        && row.get().status() != FileStatus.PURGED
        && row.get().storeId().equals(d.storeId())
        && row.get().meta().path().equals(d.path())
        && row.get().meta().crc32c() == d.crc32c()
        && row.get().meta().size() == d.bytes().length;
  }

  /**
   * Writes a journaled file again when its bytes on disk are missing or wrong and its row still
   * names exactly the journaled bytes (the database is only asked in that case).
   */
  private static boolean restore(
      RowLookup store, Function<String, Optional<StoreRoot>> roots, Journal.Data d)
      throws IOException, SQLException {
    Optional<StoreRoot> root = roots.apply(d.storeId());
    if (root.isEmpty()) {
      return false;
    }
    Path target = root.get().resolve(d.path());
    if (intact(target, d) || !namedByItsRow(store, d)) {
      return false;
    }
    Fsync.createDirectories(root.get().path(), target.getParent());
    Path tmp = root.get().tmpDir().resolve(UUID.randomUUID() + ".part");
    try {
      try (FileChannel out =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(d.bytes());
        while (b.hasRemaining()) {
          out.write(b);
        }
        out.force(false);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Fsync.directory(target.getParent());
    LOG.log(
        System.Logger.Level.INFO,
        "file {0} restored from the metadata journal at {1}",
        d.fileId(),
        target);
    return true;
  }

  private static boolean intact(Path file, Journal.Data d) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != d.bytes().length) {
      return false;
    }
    CRC32C crc = new CRC32C();
    crc.update(Files.readAllBytes(file));
    return crc.getValue() == d.crc32c();
  }

  /**
   * Without syncfs: forces every journaled file still at its place, and its folder (one whose row
   * has moved on is forced too: harmless, and no query per file).
   */
  private static void forceEach(Function<String, Optional<StoreRoot>> roots, Journal journal)
      throws IOException, SQLException {
    journal.read(
        b -> {
          for (Journal.Entry e : b.entries()) {
            if (e instanceof Journal.Data d) {
              Optional<Path> p = roots.apply(d.storeId()).map(r -> r.resolve(d.path()));
              if (p.isPresent() && Files.isRegularFile(p.get())) {
                try (FileChannel ch = FileChannel.open(p.get(), StandardOpenOption.WRITE)) {
                  ch.force(false);
                }
                Fsync.directory(p.get().getParent());
              }
            }
          }
        });
  }
}
