package org.mediadfs.storage.meta;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mediadfs.storage.cache.CachedLookup;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.UserTables;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.LogOp;

/**
 * The only writer of the node's metadata. Mutations are applied by one thread in batches ({@link
 * GroupCommitter}): the new files are made durable, then every row change and its replication-log
 * entry go into one transaction, which is made durable before any submitter hears back. One writer
 * also makes the log's sequence numbers gap-free and strictly increasing without locks.
 *
 * <p>Two ways to make a batch durable:
 *
 * <ul>
 *   <li>with a {@link Journal} (syncfs available): the batch's row changes, log entries, cursors
 *       and the bytes of its small new files ({@link #JOURNAL_FILE_MAX}) are appended to the
 *       journal and flushed with one {@code fdatasync}, then the transaction is committed (H2
 *       writes it back lazily). Larger files are covered by a syncfs (or forced by their upload).
 *       When the journal passes {@link #CHECKPOINT_BYTES} (and at close) a checkpoint syncs every
 *       file system and the database and empties it; start-up replays it ({@link JournalRecovery});
 *   <li>without one: the directories of new files are fsynced (each distinct folder once) or the
 *       file system synced, the transaction committed and made durable ({@link
 *       Database#syncAfterCommit}).
 * </ul>
 */
public final class MetaWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MetaWriter.class.getName());

  /**
   * How long a batch may wait under load for the submitters of the previous one, without the
   * journal: a durable commit then costs several milliseconds (syncfs or per-directory fsyncs, then
   * H2's CHECKPOINT SYNC) whatever its size, so one batch of sixteen beats two of eight. Measured
   * with 16 concurrent 4 KiB puts: batches of 8 became 12-14, +25..55% puts per second (README,
   * Durability). A lone writer never waits. With the journal a batch costs one fdatasync (~0.3 ms)
   * and the wait cost more than it saved: each submitter arriving during it woke the writer once
   * (three A/B pairs of 16-client 4 KiB uploads: 2-12% less node CPU per upload without it).
   */
  static final Duration LINGER = Duration.ofMillis(2);

  /** Most mutations in one transaction. */
  public static final int MAX_BATCH = 256;

  /** New files up to this size travel in the journal instead of being flushed on their own. */
  public static final int JOURNAL_FILE_MAX = 256 << 10;

  /** Most bytes of files in one journal record (the rest of a batch is flushed by syncfs). */
  static final int JOURNAL_BATCH_DATA_MAX = 4 << 20;

  /** A journal larger than this is checkpointed before the next batch. */
  static final long CHECKPOINT_BYTES = 64L << 20;

  private final Database db;
  private final String nodeId;
  private final CachedLookup lookup;
  private final Duration deleteRetention;
  private final Clock clock;
  private final Durability durability;
  private final GroupCommitter<Mutation, Outcome> committer;
  private long nextSeq;

  /** The redo journal, or null: every batch then syncs the database itself. */
  private final Journal journal;

  /** The store root of a store ID (to read the bytes of small new files into the journal). */
  private final java.util.function.Function<String, Optional<StoreRoot>> roots;

  /**
   * True when the journal may hold a batch that is not in the database (its commit or its append
   * failed): the next batch checkpoints and empties the journal first, so nothing after it is ever
   * journaled behind it.
   */
  private boolean journalStale;

  /** The journal entries of the batch being processed. */
  private List<Journal.Entry> entries;

  /** The newest log entry known durable (peers are never shown a newer one). */
  private volatile long durableSeq;

  private StatementCache session; // the writer thread's own connection

  /** {@link System#nanoTime()} of the session's last use. */
  private long sessionUsed;

  /** A session idle longer than this is validated before the next batch. */
  private static final Duration SESSION_CHECK_AFTER = Duration.ofSeconds(1);

  /**
   * True after a failed batch: its commit may have reached the database before the connection broke
   * (a lost commit reply), so the next batch reads the last sequence number back instead of reusing
   * numbers the database may already hold (a reused number fails every later commit on the log's
   * primary key and wedges the node: fault-suite, lostCommitReplyWedgedTheMetadataWriter).
   */
  private boolean seqUnknown;

  /** Committed cursors of peers' logs (t_repl_cursor), readable by any thread. */
  private final java.util.Map<String, Long> cursors =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.LongAdder flushNanos =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder txNanos =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder syncNanos =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder checkpoints =
      new java.util.concurrent.atomic.LongAdder();

  private MetaWriter(
      Database db,
      String nodeId,
      CachedLookup lookup,
      Duration deleteRetention,
      Durability durability,
      Clock clock,
      Journal journal,
      java.util.function.Function<String, Optional<StoreRoot>> roots)
      throws SQLException {
    this.journal = journal;
    this.roots = roots;
    this.durability = durability;
    this.db = db;
    this.nodeId = nodeId;
    this.lookup = lookup;
    this.deleteRetention = deleteRetention;
    this.clock = clock;
    this.nextSeq = loadLastSeq() + 1;
    this.durableSeq = nextSeq - 1;
    loadCursors();
    this.committer =
        new GroupCommitter<>(
            "meta-writer", MAX_BATCH, journal == null ? LINGER : Duration.ZERO, this::process);
  }

  /** Starts the writer thread, without a journal (tools and tests). */
  public static MetaWriter start(
      Database db,
      String nodeId,
      CachedLookup lookup,
      Duration deleteRetention,
      Durability durability,
      Clock clock)
      throws SQLException {
    return new MetaWriter(
        db, nodeId, lookup, deleteRetention, durability, clock, null, id -> Optional.empty());
  }

  /**
   * Replays the journal in {@code journalDir} if there is one, then starts the writer thread, with
   * a journal when the durability strategy allows one ({@link Durability#journals}).
   *
   * @param roots the store root of a store ID
   */
  public static MetaWriter start(
      Database db,
      String nodeId,
      CachedLookup lookup,
      Duration deleteRetention,
      Durability durability,
      Clock clock,
      Path journalDir,
      java.util.function.Function<String, Optional<StoreRoot>> roots)
      throws SQLException, IOException {
    JournalRecovery.recoverIfPresent(journalDir, db, nodeId, roots, durability);
    Journal journal = durability.journals() ? Journal.open(journalDir) : null;
    try {
      return new MetaWriter(db, nodeId, lookup, deleteRetention, durability, clock, journal, roots);
    } catch (SQLException | RuntimeException e) {
      if (journal != null) {
        journal.close();
      }
      throw e;
    }
  }

  /** Queues a mutation; the future completes once it is durable or refused. */
  public CompletableFuture<Outcome> submit(Mutation m) {
    return committer.submit(m);
  }

  /**
   * Applies a mutation and waits for it.
   *
   * @throws SQLException if the database failed (the mutation may or may not have been applied when
   *     the failure happened during commit; callers that must know re-read the row)
   * @throws IOException if a directory could not be synced
   */
  public Outcome apply(Mutation m, Duration timeout) throws SQLException, IOException {
    try {
      return submit(m).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      switch (c) {
        case SQLException s -> throw s;
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        default -> throw new SQLException("metadata write failed: " + c, c);
      }
    } catch (TimeoutException e) {
      throw new SQLException("metadata write timed out after " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the metadata write", e);
    }
  }

  /**
   * Batches and mutations committed so far, and the nanoseconds spent flushing files, running
   * transactions and syncing the database (for logs and benchmarks).
   */
  public long[] stats() {
    return new long[] {
      committer.batches(),
      committer.items(),
      flushNanos.sum(),
      txNanos.sum(),
      syncNanos.sum(),
      checkpoints.sum()
    };
  }

  /**
   * The newest entry of this node's log that is durable. Entries are visible in the database from
   * their commit, a moment before the commit is made durable; a peer that read one and then saw
   * this node crash would skip the entry that reuses its sequence number after the restart, so
   * peers are only shown durable entries.
   */
  public long durableSeq() {
    return durableSeq;
  }

  /**
   * How far this node has applied a peer's log (committed value; 0 when never read).
   *
   * @param peerId the peer's node ID
   */
  public long cursor(String peerId) {
    return cursors.getOrDefault(peerId, 0L);
  }

  /** Every committed cursor, by peer node ID. */
  public java.util.Map<String, Long> cursors() {
    return java.util.Map.copyOf(cursors);
  }

  private void loadCursors() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT peer_id, last_seq FROM t_repl_cursor WHERE node_id = ?")) {
      db.timeout(p);
      p.setString(1, nodeId);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          cursors.put(r.getString(1), r.getLong(2));
        }
      }
    }
  }

  private long loadLastSeq() throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement p =
            c.prepareStatement("SELECT MAX(seq) FROM t_repl_log WHERE node_id = ?")) {
      db.timeout(p);
      p.setString(1, nodeId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  /**
   * One batch: the new files are made durable (journaled or flushed), then every row change and its
   * log entry go into one transaction, journaled or synced, and committed.
   */
  private List<Outcome> process(List<Mutation> batch) throws SQLException, IOException {
    Set<Path> dirs = new LinkedHashSet<>();
    List<Mutation> files = new ArrayList<>(batch.size());
    java.util.Map<Mutation, byte[]> small = new java.util.IdentityHashMap<>();
    long smallBytes = 0;
    for (Mutation m : batch) {
      Set<Path> newFile =
          switch (m) {
            case Mutation.Put p -> p.dirsToSync();
            case Mutation.Apply a -> a.dirsToSync();
            default -> Set.of();
          };
      if (!newFile.isEmpty()) {
        byte[] bytes = journal == null ? null : smallFileBytes(m, smallBytes);
        if (bytes != null) {
          small.put(m, bytes);
          smallBytes += bytes.length;
        } else {
          dirs.addAll(newFile);
        }
      }
      if (!(m instanceof Mutation.AdvanceCursor)) {
        files.add(m);
      }
    }
    long t0 = System.nanoTime();
    if (journal != null && (journalStale || journal.size() >= CHECKPOINT_BYTES)) {
      checkpoint();
    }
    durability.beforeCommit(dirs);
    long t1 = System.nanoTime();
    flushNanos.add(t1 - t0);
    for (Mutation m : files) {
      lookup.beginChange(m.fileId());
    }
    long seqBefore = nextSeq;
    try {
      if (session != null
          && System.nanoTime() - sessionUsed > SESSION_CHECK_AFTER.toNanos()
          && !session.connection().isValid(2)) {
        // The database dropped it while the writer idled (restart, network cut, wait_timeout):
        // the next upload would fail on it (fault suite: idleWriterConnectionFailedTheNextUpload).
        LOG.log(System.Logger.Level.INFO, "writer connection of node {0} lost while idle", nodeId);
        closeSession(new SQLException("idle writer connection is no longer valid"));
      }
      if (session == null) {
        session = new StatementCache(db.connection());
        session.connection().setAutoCommit(false);
      }
      sessionUsed = System.nanoTime();
      Connection c = session.connection();
      try {
        if (seqUnknown) {
          nextSeq = Math.max(nextSeq, loadLastSeq() + 1);
          durableSeq = Math.max(durableSeq, nextSeq - 1);
          loadCursors();
          seqUnknown = false;
        }
        long now = clock.millis();
        java.util.Map<String, Long> moved = new java.util.LinkedHashMap<>();
        boolean insertFirst = db.dialect() == Database.Dialect.H2;
        long seqStart = nextSeq;
        List<Outcome> out;
        try {
          out = applyAll(c, batch, files, small, moved, now, insertFirst);
        } catch (SQLException e) {
          if (!insertFirst || !isDuplicateKey(e)) {
            throw e;
          }
          // A new file's ID was taken after all (a duplicate upload): again, reading every row
          // first, so the duplicate is refused and the rest of the batch applied.
          c.rollback();
          nextSeq = seqStart;
          moved.clear();
          out = applyAll(c, batch, files, small, moved, now, false);
        }
        writeCursors(c, moved, now);
        long t2 = System.nanoTime();
        if (entries != null) {
          moved.forEach((peer, seq) -> entries.add(new Journal.Cursor(peer, seq, now)));
          try {
            journal.append(new Journal.Batch(entries));
          } catch (IOException e) {
            journalStale = true;
            throw new SQLException("metadata journal write failed: " + e, e);
          }
        }
        long t3 = System.nanoTime();
        try {
          c.commit();
        } catch (SQLException | RuntimeException e) {
          // The journal holds this batch: empty it before anything is journaled behind it.
          journalStale = journal != null;
          throw e;
        }
        cursors.putAll(moved);
        txNanos.add(t2 - t1 + System.nanoTime() - t3);
        if (journal == null) {
          long t4 = System.nanoTime();
          db.syncAfterCommit(c);
          syncNanos.add(System.nanoTime() - t4);
        } else {
          syncNanos.add(t3 - t2);
        }
        durableSeq = nextSeq - 1;
        return out;
      } catch (SQLException | RuntimeException e) {
        nextSeq = seqBefore;
        seqUnknown = true;
        try {
          c.rollback();
        } catch (SQLException re) {
          e.addSuppressed(re);
        }
        closeSession(e);
        LOG.log(
            System.Logger.Level.WARNING,
            "metadata batch of {0} failed on node {1}: {2}",
            batch.size(),
            nodeId,
            e.toString());
        throw e;
      } finally {
        entries = null;
      }
    } finally {
      for (Mutation m : files) {
        lookup.endChange(m.userId(), m.fileId());
        if (m instanceof Mutation.Apply a
            && a.expected().isPresent()
            && !a.expected().get().userId().equals(a.userId())) {
          lookup.endChange(a.expected().get().userId(), m.fileId());
        }
      }
    }
  }

  /**
   * Applies every mutation of a batch in the open transaction and collects its journal entries.
   *
   * @param insertFirst whether a file that the batch first touches with a {@link Mutation.Put} is
   *     taken to be new without reading its row (H2: the read was a fifth of the writer's time); a
   *     file that exists after all then fails the insert on the primary key, and the caller rolls
   *     back and applies the batch again without it
   */
  private List<Outcome> applyAll(
      Connection c,
      List<Mutation> batch,
      List<Mutation> files,
      java.util.Map<Mutation, byte[]> small,
      java.util.Map<String, Long> moved,
      long now,
      boolean insertFirst)
      throws SQLException {
    entries = journal == null ? null : new ArrayList<>();
    List<Outcome> out = new ArrayList<>(batch.size());
    java.util.Map<Key, Optional<FileRow>> state = loadExisting(c, files, insertFirst);
    Ops ops = new Ops(c, state.size() == files.size());
    for (Mutation m : batch) {
      Outcome o = applyOne(ops, state, moved, m, now);
      out.add(o);
      if (entries != null) {
        journalEntries(m, o, small.get(m));
      }
    }
    ops.flush();
    return out;
  }

  /** True when {@code e} (or one it chains) is a primary or unique key violation. */
  static boolean isDuplicateKey(SQLException e) {
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof java.sql.SQLIntegrityConstraintViolationException
          || t instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
      if (t instanceof SQLException s && s.getNextException() != null) {
        todo.push(s.getNextException());
      }
    }
    return false;
  }

  /**
   * The bytes of a new small file for the journal, or null when it must be flushed on its own (too
   * large, the batch's share is used up, or it cannot be read: the flush then covers it).
   */
  private byte[] smallFileBytes(Mutation m, long batchBytes) {
    FileRow row =
        switch (m) {
          case Mutation.Put p -> p.row();
          case Mutation.Apply a -> a.row();
          default -> null;
        };
    long size = row == null ? Long.MAX_VALUE : row.meta().size();
    if (size > JOURNAL_FILE_MAX || batchBytes + size > JOURNAL_BATCH_DATA_MAX) {
      return null;
    }
    if (m instanceof Mutation.Put p && p.bytes() != null && p.bytes().length == size) {
      return p.bytes(); // kept by the upload: no need to open and read the file again
    }
    Optional<StoreRoot> root = roots.apply(row.storeId());
    if (root.isEmpty()) {
      return null;
    }
    Path file = root.get().resolve(row.meta().path());
    try {
      byte[] b = java.nio.file.Files.readAllBytes(file);
      return b.length == size ? b : null;
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot read new file {0} for the journal ({1}); it is flushed instead",
          file,
          e.toString());
      return null;
    }
  }

  /** The journal entries of one applied mutation: the row's new state and the file's bytes. */
  private void journalEntries(Mutation m, Outcome o, byte[] bytes) {
    if (!(o instanceof Outcome.Applied a) || a.after().equals(a.before())) {
      return;
    }
    if (a.after().isPresent()) {
      FileRow row = a.after().get();
      entries.add(new Journal.RowSet(row));
      if (bytes != null) {
        entries.add(
            new Journal.Data(
                row.userId(),
                row.fileId(),
                row.storeId(),
                row.meta().path(),
                row.meta().crc32c(),
                bytes));
      }
    } else {
      entries.add(new Journal.RowGone(m.userId(), m.fileId()));
    }
  }

  /**
   * Makes everything the journal holds durable elsewhere — every file system synced, then the
   * database — and empties it.
   */
  private void checkpoint() throws IOException, SQLException {
    if (!durability.syncAll()) {
      throw new IOException("a journal checkpoint needs syncfs");
    }
    db.checkpoint();
    journal.reset();
    journalStale = false;
    checkpoints.increment();
  }

  /** Writes the batch's final cursor of each peer it moved (one upsert per peer). */
  private void writeCursors(Connection c, java.util.Map<String, Long> moved, long now)
      throws SQLException {
    if (moved.isEmpty()) {
      return;
    }
    String sql =
        db.dialect() == Database.Dialect.H2
            ? H2_CURSOR_UPSERT
            : "INSERT INTO t_repl_cursor (node_id, peer_id, last_seq, update_time)"
                + " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE last_seq = VALUES(last_seq),"
                + " update_time = VALUES(update_time)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      db.timeout(p);
      for (var e : moved.entrySet()) {
        p.setString(1, nodeId);
        p.setString(2, e.getKey());
        p.setLong(3, e.getValue());
        p.setLong(4, now);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * Checks a cursor move against the batch's and the committed cursor and books it.
   *
   * @return false when the cursor is not where the move expects it
   */
  private boolean moveCursor(java.util.Map<String, Long> moved, Mutation.CursorMove m) {
    long current = moved.getOrDefault(m.peerId(), cursors.getOrDefault(m.peerId(), 0L));
    if (m.expectedPrev() >= 0 && current != m.expectedPrev()) {
      return false;
    }
    moved.put(m.peerId(), m.seq());
    return true;
  }

  /** A row's identity within a batch: its table and file ID. */
  private record Key(String table, String fileId) {}

  /** H2's upsert of a peer's cursor: node_id, peer_id, last_seq, update_time. */
  static final String H2_CURSOR_UPSERT =
      "MERGE INTO t_repl_cursor (node_id, peer_id, last_seq, update_time)"
          + " KEY (node_id, peer_id) VALUES (?, ?, ?, ?)";

  /** Binds a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  /**
   * The statements of one batch. When every mutation of the batch touches a different row, the row
   * changes commute, so statements with the same SQL are sent as one JDBC batch at the end (a few
   * round trips for the whole batch instead of three per upload); otherwise each runs at once, in
   * order.
   */
  private final class Ops {
    private final Connection c;
    private final boolean deferred;
    private final java.util.Map<String, PreparedStatement> pending =
        new java.util.LinkedHashMap<>();

    Ops(Connection c, boolean deferred) {
      this.c = c;
      this.deferred = deferred;
    }

    void add(String sql, Binder b) throws SQLException {
      PreparedStatement ps = c.prepareStatement(sql);
      db.timeout(ps);
      b.bind(ps);
      if (deferred) {
        ps.addBatch();
        pending.putIfAbsent(sql, ps);
      } else {
        try (ps) {
          ps.executeUpdate();
        }
      }
    }

    /** Runs every batched statement; after a failure the rest are closed without running. */
    void flush() throws SQLException {
      SQLException failed = null;
      for (PreparedStatement ps : pending.values()) {
        try (ps) {
          if (failed == null) {
            ps.executeBatch();
          }
        } catch (SQLException e) {
          if (failed == null) {
            failed = e;
          } else {
            failed.addSuppressed(e);
          }
        }
      }
      pending.clear();
      if (failed != null) {
        throw failed;
      }
    }
  }

  /**
   * The current rows of every file the batch touches, read with one query per table and chunk; with
   * {@code putsAreNew}, files the batch first touches with a put are taken to have none.
   */
  private java.util.Map<Key, Optional<FileRow>> loadExisting(
      Connection c, List<Mutation> batch, boolean putsAreNew) throws SQLException {
    java.util.Map<Key, Optional<FileRow>> state = new java.util.HashMap<>();
    java.util.Map<String, List<String>> byTable = new java.util.LinkedHashMap<>();
    for (Mutation m : batch) {
      Key k = new Key(UserTables.tableName(m.userId()), m.fileId());
      if (state.putIfAbsent(k, Optional.empty()) == null
          && !(putsAreNew && m instanceof Mutation.Put)) {
        byTable.computeIfAbsent(k.table(), t -> new ArrayList<>()).add(k.fileId());
      }
    }
    for (var e : byTable.entrySet()) {
      List<String> ids = e.getValue();
      if (db.dialect() == Database.Dialect.H2) {
        // Embedded: point lookups on the primary key cost microseconds, while H2 evaluates an IN
        // list on the key's second column by comparing it with every row of the node (the
        // writer's time grew with the table: 14% of the node's CPU in string compares).
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + MetadataStore.COLUMNS
                    + " FROM "
                    + e.getKey()
                    + " WHERE node_id = ? AND id = ?")) {
          db.timeout(ps);
          ps.setString(1, nodeId);
          for (String id : ids) {
            ps.setString(2, id);
            try (ResultSet r = ps.executeQuery()) {
              if (r.next()) {
                FileRow row = MetadataStore.row(r);
                state.put(new Key(e.getKey(), row.fileId()), Optional.of(row));
              }
            }
          }
        }
        continue;
      }
      for (int from = 0; from < ids.size(); ) {
        // A few fixed IN-list sizes (padded with a repeated ID) keep the statement cache small.
        int left = ids.size() - from;
        int size = left <= 1 ? 1 : left <= 8 ? 8 : left <= 32 ? 32 : 128;
        int n = Math.min(left, size);
        String sql =
            "SELECT "
                + MetadataStore.COLUMNS
                + " FROM "
                + e.getKey()
                + " WHERE node_id = ? AND id IN ("
                + "?, ".repeat(size - 1)
                + "?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          db.timeout(ps);
          ps.setString(1, nodeId);
          for (int i = 0; i < size; i++) {
            ps.setString(2 + i, ids.get(from + Math.min(i, n - 1)));
          }
          try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
              FileRow row = MetadataStore.row(r);
              state.put(new Key(e.getKey(), row.fileId()), Optional.of(row));
            }
          }
        }
        from += n;
      }
    }
    return state;
  }

  private Outcome applyOne(
      Ops ops,
      java.util.Map<Key, Optional<FileRow>> state,
      java.util.Map<String, Long> moved,
      Mutation m,
      long now)
      throws SQLException {
    if (m instanceof Mutation.AdvanceCursor a) {
      return moveCursor(moved, a.move())
          ? new Outcome.Applied(Optional.empty(), Optional.empty(), 0)
          : new Outcome.Refused(ErrorCode.CONFLICT, "cursor of " + a.move().peerId() + " moved");
    }
    String table = UserTables.tableName(m.userId());
    Key key = new Key(table, m.fileId());
    // Read in this transaction without FOR UPDATE: this thread is the only writer of this node's
    // rows, and gap locks would make nodes that share a MySQL database deadlock each other.
    Optional<FileRow> existing = state.get(key);
    Outcome o =
        switch (m) {
          case Mutation.Put p -> put(ops, table, p.row(), existing, now);
          case Mutation.Apply a -> {
            if (!existing.equals(a.expected())) {
              if (existing.isPresent() && landedBefore(existing.get(), a.row())) {
                // This very change, with its log entry and cursor move, was committed by an
                // earlier attempt whose reply was lost (see landedBefore): done, not a conflict
                // (refused, the applier removed the bytes the committed row names).
                yield new Outcome.Applied(a.expected(), existing, 0);
              }
              yield new Outcome.Refused(
                  ErrorCode.CONFLICT, "file " + a.fileId() + " changed meanwhile");
            }
            if (a.cursor().isPresent() && !moveCursor(moved, a.cursor().get())) {
              yield new Outcome.Refused(
                  ErrorCode.CONFLICT, "cursor of " + a.cursor().get().peerId() + " moved");
            }
            writeRow(ops, table, a.row(), existing.isPresent());
            long seq = a.log().isPresent() ? log(ops, a.log().get(), a.row().meta(), now) : 0;
            yield new Outcome.Applied(existing, Optional.of(a.row()), seq);
          }
          case Mutation.AdvanceCursor a -> throw new IllegalStateException("handled above");
          case Mutation.Transition t -> transition(ops, table, t, existing, now);
          case Mutation.SetFlags f -> {
            if (existing.isEmpty() || !existing.get().userId().equals(f.userId())) {
              yield new Outcome.Refused(ErrorCode.NOT_FOUND, "no such file: " + f.fileId());
            }
            int flags = (existing.get().flags() | f.set()) & ~f.clear();
            ops.add(
                "UPDATE " + table + " SET flags = ? WHERE node_id = ? AND id = ?",
                s -> {
                  s.setInt(1, flags);
                  s.setString(2, nodeId);
                  s.setString(3, f.fileId());
                });
            yield new Outcome.Applied(existing, Optional.of(existing.get().withFlags(flags)), 0);
          }
          case Mutation.DropTombstone d -> {
            if (existing.isEmpty() || existing.get().status() != FileStatus.PURGED) {
              yield new Outcome.Refused(ErrorCode.CONFLICT, "not a tombstone: " + d.fileId());
            }
            ops.add(
                "DELETE FROM " + table + " WHERE node_id = ? AND id = ? AND status = ?",
                s -> {
                  s.setString(1, nodeId);
                  s.setString(2, d.fileId());
                  s.setInt(3, FileStatus.PURGED.code());
                });
            yield new Outcome.Applied(existing, Optional.empty(), 0);
          }
        };
    if (o instanceof Outcome.Applied a) {
      state.put(key, a.after());
    }
    return o;
  }

  private Outcome put(Ops ops, String table, FileRow row, Optional<FileRow> existing, long now)
      throws SQLException {
    FileMeta m = row.meta();
    if (existing.isPresent()
        && existing.get().status() == FileStatus.PURGED
        && m.createTime() <= existing.get().meta().updateTime()) {
      // A new file that reuses a purged ID must be younger than the tombstone, or members would
      // take it for an older version (replication's version order, issue 5).
      long t = existing.get().meta().updateTime() + 1;
      m =
          new FileMeta(
              m.fileId(),
              m.appId(),
              m.userId(),
              m.size(),
              m.crc32c(),
              m.contentType(),
              m.status(),
              m.path(),
              t,
              t);
      row = new FileRow(m, row.storeId(), row.flags());
    }
    FileRow fresh = row;
    if (existing.isPresent()) {
      FileRow e = existing.get();
      switch (e.status()) {
        case ACTIVE -> {
          if (landedBefore(e, row)) {
            // This very upload was committed by an earlier attempt whose reply was lost: done
            // (refused as a duplicate, the upload removed the bytes its committed row names).
            return new Outcome.Applied(Optional.empty(), existing, 0);
          }
          return new Outcome.Refused(
              ErrorCode.CONFLICT, "a file with id " + row.fileId() + " already exists");
        }
        case DELETED -> {
          return new Outcome.Refused(
              ErrorCode.DELETED, "file id " + row.fileId() + " belongs to a deleted file");
        }
        case PURGED ->
            // A tombstone: the old bytes are gone; the ID may be used again.
            writeRow(ops, table, fresh, true);
      }
    } else {
      writeRow(ops, table, fresh, false);
    }
    long seq = log(ops, LogOp.PUT, m, now);
    return new Outcome.Applied(existing, Optional.of(fresh), seq);
  }

  /**
   * True when {@code existing} is the row {@code wanted} would write: the same bytes at the same
   * place in the same state. That happens when a batch's commit reached the database but its reply
   * was lost (MySQL: the connection broke during COMMIT): the batch fails, the group committer
   * tries each mutation again alone, and each finds its own committed row. No other mutation can
   * find it: a new file's path comes from an ID that is never given twice (a client's retry of an
   * upload gets a new one), and a peer's state is applied once per file at a time (fault suite,
   * soak seed 0x3c0ffee5d15ea5e1: two active rows, of uploads answered UNAVAILABLE, whose bytes no
   * member had: the retry was refused as a duplicate and the upload removed its bytes).
   */
  static boolean landedBefore(FileRow existing, FileRow wanted) {
    FileMeta e = existing.meta();
    FileMeta w = wanted.meta();
    return existing.storeId().equals(wanted.storeId())
        && e.path().equals(w.path())
        && e.status() == w.status()
        && e.size() == w.size()
        && e.crc32c() == w.crc32c()
        && e.createTime() == w.createTime()
        && e.updateTime() == w.updateTime();
  }

  /** Replaces the row of a file ({@code exists}) or inserts it. */
  private void writeRow(Ops ops, String table, FileRow row, boolean exists) throws SQLException {
    FileMeta m = row.meta();
    if (exists) {
      ops.add(
          "UPDATE "
              + table
              + " SET appid = ?, userid = ?, status = ?, flags = ?, file_path = ?,"
              + " store_id = ?, file_size = ?, crc32c = ?, content_type = ?,"
              + " create_time = ?, update_time = ? WHERE node_id = ? AND id = ?",
          s -> {
            s.setString(1, m.appId());
            s.setString(2, m.userId());
            s.setInt(3, m.status().code());
            s.setInt(4, row.flags());
            s.setString(5, m.path());
            s.setString(6, row.storeId());
            s.setLong(7, m.size());
            s.setLong(8, m.crc32c());
            s.setString(9, m.contentType());
            s.setLong(10, m.createTime());
            s.setLong(11, m.updateTime());
            s.setString(12, nodeId);
            s.setString(13, m.fileId());
          });
    } else {
      ops.add(
          "INSERT INTO " + table + " (node_id, " + MetadataStore.COLUMNS + ") VALUES " + ROW_VALUES,
          s -> bindRow(s, nodeId, row));
    }
  }

  private Outcome transition(
      Ops ops, String table, Mutation.Transition t, Optional<FileRow> existing, long now)
      throws SQLException {
    if (existing.isEmpty()
        || !existing.get().userId().equals(t.userId())
        || !t.appId().isEmpty() && !existing.get().meta().appId().equals(t.appId())) {
      return new Outcome.Refused(ErrorCode.NOT_FOUND, "no such file: " + t.fileId());
    }
    FileRow row = existing.get();
    FileStatus from = row.status();
    boolean immediate = deleteRetention.isZero();
    FileStatus target =
        switch (t.kind()) {
          case DELETE -> immediate ? FileStatus.PURGED : FileStatus.DELETED;
          case RESTORE -> FileStatus.ACTIVE;
          case PURGE -> FileStatus.PURGED;
        };
    if (from == target && row.meta().updateTime() == t.at()) {
      // This very change was committed by an earlier attempt whose reply was lost (see
      // landedBefore): done. Refused, a DELETE tried again answered "already deleted" for the
      // delete it made. Another change in the same millisecond to the same state looks the same;
      // taking it for done is right too, the file is in the state asked for.
      return new Outcome.Applied(existing, existing, 0);
    }
    LogOp op;
    switch (t.kind()) {
      case DELETE -> {
        if (from != FileStatus.ACTIVE) {
          return new Outcome.Refused(ErrorCode.DELETED, "file is already deleted: " + t.fileId());
        }
        op = immediate ? LogOp.PURGE : LogOp.DELETE;
      }
      case RESTORE -> {
        // Also when already active here: a client's acknowledged restore carries a fresh time, so
        // it wins over an older delete that another member acknowledged and this one has not
        // pulled yet (async replication; fault suite:
        // restoreOnAMemberThatHadNotSeenTheDeleteWasLost).
        if (from == FileStatus.PURGED) {
          return new Outcome.Refused(
              ErrorCode.NOT_FOUND, "file was purged and cannot be restored: " + t.fileId());
        }
        op = LogOp.RESTORE;
      }
      case PURGE -> {
        if (from == FileStatus.PURGED) {
          return new Outcome.Applied(existing, existing, 0);
        }
        op = LogOp.PURGE;
      }
      default -> throw new IllegalStateException("unknown transition " + t.kind());
    }
    // Members order a file's changes by update time (issue 5): a change is always later than the
    // one it follows, even when this clock is behind the member that made the previous one.
    long when = Math.max(t.at(), row.meta().updateTime() + 1);
    ops.add(
        "UPDATE " + table + " SET status = ?, update_time = ? WHERE node_id = ? AND id = ?",
        s -> {
          s.setInt(1, target.code());
          s.setLong(2, when);
          s.setString(3, nodeId);
          s.setString(4, t.fileId());
        });
    FileRow after = row.withStatus(target, when);
    long seq = log(ops, op, after.meta(), now);
    return new Outcome.Applied(existing, Optional.of(after), seq);
  }

  private long log(Ops ops, LogOp op, FileMeta m, long now) throws SQLException {
    long seq = nextSeq++;
    if (entries != null) {
      entries.add(new Journal.LogEntry(seq, op.code(), m, now));
    }
    ops.add(
        "INSERT INTO t_repl_log (" + LOG_COLUMNS + ") VALUES " + LOG_VALUES,
        s -> bindLog(s, nodeId, seq, op.code(), m, now));
    return seq;
  }

  /** Placeholders of a whole row: {@code node_id} and {@link MetadataStore#COLUMNS}. */
  static final String ROW_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Binds a whole row (see {@link #ROW_VALUES}) from parameter 1. */
  static void bindRow(PreparedStatement s, String nodeId, FileRow row) throws SQLException {
    FileMeta m = row.meta();
    s.setString(1, nodeId);
    s.setString(2, m.fileId());
    s.setString(3, m.appId());
    s.setString(4, m.userId());
    s.setInt(5, m.status().code());
    s.setInt(6, row.flags());
    s.setString(7, m.path());
    s.setString(8, row.storeId());
    s.setLong(9, m.size());
    s.setLong(10, m.crc32c());
    s.setString(11, m.contentType());
    s.setLong(12, m.createTime());
    s.setLong(13, m.updateTime());
  }

  /** The columns of a replication-log entry. */
  static final String LOG_COLUMNS =
      "node_id, seq, op, id, appid, userid, status, file_path, file_size, crc32c, content_type,"
          + " create_time, update_time, log_time";

  /** Placeholders of {@link #LOG_COLUMNS}. */
  static final String LOG_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Binds a replication-log entry (see {@link #LOG_COLUMNS}) from parameter 1. */
  static void bindLog(
      PreparedStatement s, String nodeId, long seq, int op, FileMeta m, long logTime)
      throws SQLException {
    s.setString(1, nodeId);
    s.setLong(2, seq);
    s.setInt(3, op);
    s.setString(4, m.fileId());
    s.setString(5, m.appId());
    s.setString(6, m.userId());
    s.setInt(7, m.status().code());
    s.setString(8, m.path());
    s.setLong(9, m.size());
    s.setLong(10, m.crc32c());
    s.setString(11, m.contentType());
    s.setLong(12, m.createTime());
    s.setLong(13, m.updateTime());
    s.setLong(14, logTime);
  }

  /**
   * Removes log entries older than {@code cutoffMillis}, always keeping the newest one so that
   * sequence numbers never restart. Peers whose cursor falls before the oldest kept entry resync
   * fully (issue 5).
   *
   * @return entries removed
   */
  public int trimLog(long cutoffMillis) throws SQLException {
    try (Connection c = db.connection()) {
      long max;
      try (PreparedStatement p =
          c.prepareStatement("SELECT MAX(seq) FROM t_repl_log WHERE node_id = ?")) {
        db.timeout(p);
        p.setString(1, nodeId);
        try (ResultSet r = p.executeQuery()) {
          max = r.next() ? r.getLong(1) : 0;
        }
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "DELETE FROM t_repl_log WHERE node_id = ? AND log_time < ? AND seq < ?")) {
        db.timeout(p);
        p.setString(1, nodeId);
        p.setLong(2, cutoffMillis);
        p.setLong(3, max);
        return p.executeUpdate();
      }
    }
  }

  /** Drops the writer's connection after a failure; the next batch opens a fresh one. */
  private void closeSession(Exception cause) {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
      session = null;
    }
  }

  @Override
  public void close() {
    committer.close();
    LOG.log(
        System.Logger.Level.INFO,
        "metadata writer of node {0}: {1} batches, {2} mutations; flush {3} ms, transactions {4}"
            + " ms, journal or database sync {5} ms, {6} checkpoints",
        nodeId,
        committer.batches(),
        committer.items(),
        flushNanos.sum() / 1_000_000,
        txNanos.sum() / 1_000_000,
        syncNanos.sum() / 1_000_000,
        checkpoints.sum());
    if (journal != null) {
      // The committer thread has stopped: a clean stop leaves an empty journal.
      try {
        checkpoint();
      } catch (IOException | SQLException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "journal checkpoint at close of node {0} failed (it is replayed at the next start): {1}",
            nodeId,
            e.toString());
      }
      try {
        journal.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the journal: {0}", e.toString());
      }
    }
    // The committer thread has stopped: the session is no longer in use.
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.WARNING, "closing the writer connection: {0}", e.toString());
      }
      session = null;
    }
  }
}
