package org.mediadfs.storage.meta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mediadfs.wire.UserTables;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.LogEntry;
import org.mediadfs.wire.message.LogOp;

/**
 * Reads of the node's metadata: the original's tables {@code t_file_01..03} (chosen by {@link
 * UserTables#tableName}) and the replication log, always restricted to this node's rows ({@code
 * node_id}), always through prepared statements with a query timeout (seed bugs 16 and 19). Writes
 * go through {@link MetaWriter} only.
 */
public final class MetadataStore {
  static final String COLUMNS =
      "id, appid, userid, status, flags, file_path, store_id, file_size, crc32c, content_type,"
          + " create_time, update_time";

  static final String LOG_COLUMNS =
      "seq, op, id, appid, userid, status, file_path, file_size, crc32c, content_type,"
          + " create_time, update_time";

  /** Every table name, in order. */
  public static final List<String> TABLES = List.of("t_file_01", "t_file_02", "t_file_03");

  private final Database db;
  private final String nodeId;

  public MetadataStore(Database db, String nodeId) {
    this.db = db;
    this.nodeId = nodeId;
  }

  /** This node's ID (the {@code node_id} of its rows). */
  public String nodeId() {
    return nodeId;
  }

  /** The database. */
  public Database database() {
    return db;
  }

  /** The row of a file in its user's table, whatever its status. */
  public Optional<FileRow> find(String userId, String fileId) throws SQLException {
    try (Connection c = db.connection()) {
      return find(c, nodeId, db, UserTables.tableName(userId), fileId, false);
    }
  }

  /**
   * The row of a file whatever its owner: an empty user ID in STAT, FILE_SIZE or DOWNLOAD (the web
   * knows only the file ID). All three tables are searched; when two users happen to hold the same
   * file ID the active row wins, then the most recently changed one.
   */
  public Optional<FileRow> findAnyOwner(String fileId) throws SQLException {
    Optional<FileRow> best = Optional.empty();
    try (Connection c = db.connection()) {
      for (String t : TABLES) {
        Optional<FileRow> r = find(c, nodeId, db, t, fileId, false);
        if (r.isPresent() && (best.isEmpty() || better(r.get(), best.get()))) {
          best = r;
        }
      }
    }
    return best;
  }

  private static boolean better(FileRow a, FileRow b) {
    boolean aActive = a.status() == FileStatus.ACTIVE;
    boolean bActive = b.status() == FileStatus.ACTIVE;
    if (aActive != bActive) {
      return aActive;
    }
    return a.meta().updateTime() > b.meta().updateTime();
  }

  static Optional<FileRow> find(
      Connection c, String nodeId, Database db, String table, String fileId, boolean forUpdate)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + table
            + " WHERE node_id = ? AND id = ?"
            + (forUpdate ? " FOR UPDATE" : "");
    try (PreparedStatement p = c.prepareStatement(sql)) {
      db.timeout(p);
      p.setString(1, nodeId);
      p.setString(2, fileId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
      }
    }
  }

  /** The row that names a given file of a store root, if any (start-up reconcile). */
  public Optional<FileRow> findByPath(String storeId, String path) throws SQLException {
    try (Connection c = db.connection()) {
      for (String t : TABLES) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + t
                    + " WHERE node_id = ? AND store_id = ? AND file_path = ?")) {
          db.timeout(p);
          p.setString(1, nodeId);
          p.setString(2, storeId);
          p.setString(3, path);
          try (ResultSet r = p.executeQuery()) {
            if (r.next()) {
              return Optional.of(row(r));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A page of files ordered by file ID, merged over the three tables.
   *
   * @param userId only this user's files (then only the user's table is read), or empty for all
   * @param after start after this file ID; empty for the first page
   * @param limit at most this many rows
   * @param includeDeleted also soft-deleted and purged rows
   */
  public Page list(String userId, String after, int limit, boolean includeDeleted)
      throws SQLException {
    List<String> tables = userId.isEmpty() ? TABLES : List.of(UserTables.tableName(userId));
    List<FileRow> all = new ArrayList<>();
    try (Connection c = db.connection()) {
      for (String t : tables) {
        StringBuilder sql =
            new StringBuilder("SELECT ")
                .append(COLUMNS)
                .append(" FROM ")
                .append(t)
                .append(" WHERE node_id = ? AND id > ?");
        if (!userId.isEmpty()) {
          sql.append(" AND userid = ?");
        }
        if (!includeDeleted) {
          sql.append(" AND status = 0");
        }
        sql.append(" ORDER BY id LIMIT ?");
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
          db.timeout(p);
          int i = 1;
          p.setString(i++, nodeId);
          p.setString(i++, after);
          if (!userId.isEmpty()) {
            p.setString(i++, userId);
          }
          p.setInt(i, limit + 1);
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              all.add(row(r));
            }
          }
        }
      }
    }
    all.sort(Comparator.comparing(FileRow::fileId));
    boolean more = all.size() > limit;
    List<FileRow> page = more ? List.copyOf(all.subList(0, limit)) : List.copyOf(all);
    String next = more ? page.getLast().fileId() : "";
    return new Page(page, next);
  }

  /** A page of rows and the ID to continue after (empty at the end). */
  public record Page(List<FileRow> rows, String next) {}

  /** Rows of one table after {@code afterId}, for full scans (reconcile, scrubber, fsck). */
  public List<FileRow> scan(String table, String afterId, int limit) throws SQLException {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("not a file table: " + table);
    }
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + table
                    + " WHERE node_id = ? AND id > ? ORDER BY id LIMIT ?")) {
      db.timeout(p);
      p.setString(1, nodeId);
      p.setString(2, afterId);
      p.setInt(3, limit);
      List<FileRow> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(row(r));
        }
      }
      return out;
    }
  }

  /**
   * Active rows of one table whose bytes are missing or corrupt, after {@code afterId}: what the
   * replication repairs from peers.
   */
  public List<FileRow> flaggedActive(String table, String afterId, int limit) throws SQLException {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("not a file table: " + table);
    }
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + table
                    + " WHERE node_id = ? AND status = ? AND flags <> 0 AND id > ? ORDER BY id"
                    + " LIMIT ?")) {
      db.timeout(p);
      p.setString(1, nodeId);
      p.setInt(2, FileStatus.ACTIVE.code());
      p.setString(3, afterId);
      p.setInt(4, limit);
      List<FileRow> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(row(r));
        }
      }
      return out;
    }
  }

  /** Rows in {@code status} whose last change is older than {@code cutoffMillis}. */
  public List<FileRow> olderThan(FileStatus status, long cutoffMillis, int limit)
      throws SQLException {
    List<FileRow> out = new ArrayList<>();
    try (Connection c = db.connection()) {
      for (String t : TABLES) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + t
                    + " WHERE node_id = ? AND status = ? AND update_time < ? ORDER BY update_time"
                    + " LIMIT ?")) {
          db.timeout(p);
          p.setString(1, nodeId);
          p.setInt(2, status.code());
          p.setLong(3, cutoffMillis);
          p.setInt(4, limit);
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              out.add(row(r));
            }
          }
        }
      }
    }
    return out;
  }

  /** Counts of this node's rows by status, for logs and the health endpoint. */
  public long[] countByStatus() throws SQLException {
    long[] counts = new long[FileStatus.values().length];
    try (Connection c = db.connection()) {
      for (String t : TABLES) {
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT status, COUNT(*) FROM " + t + " WHERE node_id = ? GROUP BY status")) {
          db.timeout(p);
          p.setString(1, nodeId);
          try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
              counts[FileStatus.of(r.getInt(1)).ordinal()] += r.getLong(2);
            }
          }
        }
      }
    }
    return counts;
  }

  /**
   * Entries of this node's replication log with a sequence number above {@code afterSeq}.
   *
   * @return the entries and the oldest and newest sequence numbers still kept
   */
  public LogPage readLog(long afterSeq, int max) throws SQLException {
    return readLog(afterSeq, max, Long.MAX_VALUE);
  }

  /**
   * Entries with a sequence number above {@code afterSeq} and at most {@code maxSeq} (the newest
   * durable one: see {@link MetaWriter#durableSeq}); the last sequence reported is capped alike.
   */
  public LogPage readLog(long afterSeq, int max, long maxSeq) throws SQLException {
    try (Connection c = db.connection()) {
      long oldest = 0;
      long last = 0;
      try (PreparedStatement p =
          c.prepareStatement("SELECT MIN(seq), MAX(seq) FROM t_repl_log WHERE node_id = ?")) {
        db.timeout(p);
        p.setString(1, nodeId);
        try (ResultSet r = p.executeQuery()) {
          if (r.next()) {
            oldest = r.getLong(1);
            last = Math.min(r.getLong(2), maxSeq);
          }
        }
      }
      List<LogEntry> entries = new ArrayList<>();
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT "
                  + LOG_COLUMNS
                  + " FROM t_repl_log WHERE node_id = ? AND seq > ? AND seq <= ? ORDER BY seq"
                  + " LIMIT ?")) {
        db.timeout(p);
        p.setString(1, nodeId);
        p.setLong(2, afterSeq);
        p.setLong(3, maxSeq);
        p.setInt(4, max);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            FileMeta m =
                new FileMeta(
                    r.getString(3),
                    r.getString(4),
                    r.getString(5),
                    r.getLong(8),
                    r.getLong(9),
                    r.getString(10),
                    FileStatus.of(r.getInt(6)),
                    r.getString(7),
                    r.getLong(11),
                    r.getLong(12));
            entries.add(new LogEntry(r.getLong(1), LogOp.of(r.getInt(2)), m));
          }
        }
      }
      return new LogPage(oldest, last, entries);
    }
  }

  /** A slice of the replication log. */
  public record LogPage(long oldestSeq, long lastSeq, List<LogEntry> entries) {}

  static FileRow row(ResultSet r) throws SQLException {
    FileMeta m =
        new FileMeta(
            r.getString(1),
            r.getString(2),
            r.getString(3),
            r.getLong(8),
            r.getLong(9),
            r.getString(10),
            FileStatus.of(r.getInt(4)),
            r.getString(6),
            r.getLong(11),
            r.getLong(12));
    return new FileRow(m, r.getString(7), r.getInt(5));
  }
}
