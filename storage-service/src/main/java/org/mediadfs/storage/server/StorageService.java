package org.mediadfs.storage.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.mediadfs.storage.cache.CachedLookup;
import org.mediadfs.storage.client.IdClient;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.meta.Outcome;
import org.mediadfs.storage.store.BackgroundFlusher;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.Fsync;
import org.mediadfs.storage.store.NoReplaceMove;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.wire.ErrorCode;
import org.mediadfs.wire.Names;
import org.mediadfs.wire.StoragePaths;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.IdBlock;
import org.mediadfs.wire.message.Response;

/**
 * What a storage node does with files (seed-reference §6.4–6.5, with seed bugs 14–16 fixed):
 * upload, size, download, delete, restore, purge, stat, list. Knows nothing of sockets: uploads
 * read through a {@link Payload}, downloads hand back an open file range.
 *
 * <p>The upload's durability order is the invariant of the whole node: bytes to a temporary file
 * (CRC32C on the way), fsync, atomic rename into the layout, then the metadata row and its
 * replication-log entry in one group-committed transaction that also fsyncs the directories; only
 * then is the upload acknowledged. Anything that fails before the commit leaves no file behind.
 */
public final class StorageService {
  private static final System.Logger LOG = System.getLogger(StorageService.class.getName());
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);
  private static final int PATH_ATTEMPTS = 3;

  /** Uploads up to this size are not looked up before their body is read (see precheckUpload). */
  static final long CHECK_ID_ABOVE = 64 * 1024;

  /**
   * Most bytes of small new files held in memory at once for the metadata journal (see {@link
   * #keepForJournal}); past it the writer reads the files back itself.
   */
  static final long HELD_FOR_JOURNAL_MAX = 8 << 20;

  /** Large uploads are flushed in the background every this many bytes. */
  private static final long FLUSH_EVERY = 32L << 20;

  /** The bytes of an upload, still on the connection. */
  public interface Payload {
    /**
     * Moves every byte into {@code out}, updating {@code crc} and reporting each chunk written to
     * {@code written}; copies them to {@code keep} too unless it is null.
     */
    void copyTo(FileChannel out, CRC32C crc, LongConsumer written, ByteBuffer keep)
        throws IOException;
  }

  /**
   * An open range of a stored file, ready to send.
   *
   * @param row the file's row
   * @param channel the open file; the caller closes it
   * @param offset first byte to send
   * @param length bytes to send
   */
  public record FileRange(FileRow row, FileChannel channel, long offset, long length)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private final String nodeId;
  private final String group;
  private final long maxUpload;
  private final java.util.concurrent.atomic.AtomicLong heldForJournal =
      new java.util.concurrent.atomic.AtomicLong();
  private final StoreRoots roots;
  private final MetadataStore store;
  private final CachedLookup lookup;
  private final MetaWriter writer;
  private final IdClient ids;
  private final Durability durability;
  private final Clock clock;
  private final Replication replication;

  public StorageService(
      String nodeId,
      String group,
      long maxUpload,
      StoreRoots roots,
      MetadataStore store,
      CachedLookup lookup,
      MetaWriter writer,
      IdClient ids,
      Durability durability,
      Replication replication,
      Clock clock) {
    this.nodeId = nodeId;
    this.group = group;
    this.maxUpload = maxUpload;
    this.roots = roots;
    this.store = store;
    this.lookup = lookup;
    this.writer = writer;
    this.ids = ids;
    this.durability = durability;
    this.replication = replication;
    this.clock = clock;
  }

  /** This node's ID. */
  public String nodeId() {
    return nodeId;
  }

  /** The roots. */
  public StoreRoots roots() {
    return roots;
  }

  /** The metadata reader. */
  public MetadataStore store() {
    return store;
  }

  /** Checks the three names of a request (INVALID_NAME). */
  public static void validate(IdBlock ids) throws StorageException {
    if (!Names.validAppId(ids.appId())) {
      throw new StorageException(
          ErrorCode.INVALID_NAME, "invalid appid: " + Names.quote(ids.appId()));
    }
    if (!Names.validUserId(ids.userId())) {
      throw new StorageException(
          ErrorCode.INVALID_NAME, "invalid userid: " + Names.quote(ids.userId()));
    }
    if (!Names.validFileId(ids.fileId())) {
      throw new StorageException(
          ErrorCode.INVALID_NAME, "invalid fileid: " + Names.quote(ids.fileId()));
    }
  }

  /**
   * Checks the names of a read (STAT, FILE_SIZE, DOWNLOAD): as {@link #validate}, except that the
   * user ID may be empty, meaning "whoever owns it" (the web knows only the file ID); the app ID
   * may then be empty too, and is checked against the row only when given.
   */
  public static void validateRead(IdBlock ids) throws StorageException {
    if (!ids.userId().isEmpty()) {
      validate(ids);
      return;
    }
    if (!ids.appId().isEmpty() && !Names.validAppId(ids.appId())) {
      throw new StorageException(
          ErrorCode.INVALID_NAME, "invalid appid: " + Names.quote(ids.appId()));
    }
    if (!Names.validFileId(ids.fileId())) {
      throw new StorageException(
          ErrorCode.INVALID_NAME, "invalid fileid: " + Names.quote(ids.fileId()));
    }
  }

  /**
   * Checks an upload before its body is read: names, size, content type, and that the ID is free.
   * The final word on the ID is the commit's (two uploads may race), but refusing early spares the
   * client sending a file for nothing. A small file's ID is left to the commit alone: its body is
   * mostly on its way already, and the lookup (a database query on a cache miss, which every new
   * file is) cost a fifth of the node's time in 4 KiB uploads.
   */
  public void precheckUpload(IdBlock ids, long size, String contentType) throws StorageException {
    validate(ids);
    if (size < 0 || size > maxUpload) {
      throw new StorageException(
          ErrorCode.TOO_LARGE, "file of " + size + " bytes exceeds the limit of " + maxUpload);
    }
    for (int i = 0; i < contentType.length(); i++) {
      char c = contentType.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new StorageException(ErrorCode.BAD_REQUEST, "content type has control characters");
      }
    }
    if (size <= CHECK_ID_ABOVE) {
      return;
    }
    Optional<FileRow> existing = find(ids);
    if (existing.isPresent()) {
      switch (existing.get().status()) {
        case ACTIVE ->
            throw new StorageException(
                ErrorCode.CONFLICT, "a file with id " + ids.fileId() + " already exists");
        case DELETED ->
            throw new StorageException(
                ErrorCode.DELETED, "file id " + ids.fileId() + " belongs to a deleted file");
        case PURGED -> {
          // The tombstone may be replaced.
        }
      }
    }
  }

  /**
   * Stores an upload durably and returns what was stored. Call {@link #precheckUpload} first.
   *
   * @param expectedCrc the CRC32C the client announced, or -1
   * @throws StorageException for a refusal (DISK_FULL, CHECKSUM_MISMATCH, CONFLICT, UNAVAILABLE...)
   * @throws IOException when the client connection failed mid-body (nothing is kept)
   */
  public Response.Uploaded upload(
      IdBlock ids, long size, String contentType, long expectedCrc, Payload body)
      throws StorageException, IOException {
    Optional<StoreRoots.Reservation> reservation = roots.reserve(size);
    if (reservation.isEmpty()) {
      throw new StorageException(
          ErrorCode.DISK_FULL,
          "no store root has room for " + size + " bytes (reserved space reached)");
    }
    try (StoreRoots.Reservation r = reservation.get()) {
      return store(r.root(), ids, size, contentType, expectedCrc, body);
    }
  }

  private Response.Uploaded store(
      StoreRoot root, IdBlock ids, long size, String contentType, long expectedCrc, Payload body)
      throws StorageException, IOException {
    // The ID (and so the path) first: if no ID server answers, the client is refused before it
    // sends the body.
    long now = clock.millis();
    String rel = StoragePaths.relativePath(nextId(), now / 1000);
    Path tmp = root.newTmpFile();
    Path target = null;
    boolean committed = false;
    ByteBuffer keep = null;
    byte[] held = null;
    boolean moved = false;
    try {
      CRC32C crc = new CRC32C();
      try (FileChannel out =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        boolean force = durability.uploadForces(size);
        BackgroundFlusher flusher =
            force && size >= 2 * FLUSH_EVERY ? new BackgroundFlusher(out, FLUSH_EVERY) : null;
        keep = keepForJournal(size);
        long[] wrote = {0};
        try {
          body.copyTo(
              out,
              crc,
              n -> {
                wrote[0] += n;
                if (flusher != null) {
                  flusher.written(n);
                }
              },
              keep);
        } catch (IOException e) {
          if (flusher != null) {
            flusher.abandon();
          }
          throw e;
        }
        if (wrote[0] != size) {
          throw new StorageException(
              ErrorCode.INTERNAL, "wrote " + wrote[0] + " bytes, expected " + size);
        }
        if (expectedCrc >= 0 && crc.getValue() != expectedCrc) {
          throw new StorageException(
              ErrorCode.CHECKSUM_MISMATCH,
              String.format(
                  "checksum mismatch: client said %08x, bytes have %08x",
                  expectedCrc, crc.getValue()));
        }
        try {
          if (flusher != null) {
            flusher.finish();
          } else if (force) {
            out.force(false);
          }
        } catch (IOException e) {
          throw new StoreWriteException(e);
        }
        if (keep != null && !keep.hasRemaining()) {
          held = keep.array();
        }
      } catch (StoreWriteException e) {
        throw storeFailure(root, e);
      } catch (FileAlreadyExistsException e) {
        throw new StorageException(ErrorCode.INTERNAL, "temporary name collision: " + tmp, e);
      }
      Set<Path> dirs = new LinkedHashSet<>();
      for (int attempt = 1; target == null; attempt++) {
        Path candidate = root.resolve(rel);
        Path folder = candidate.getParent();
        if (!root.knownFolder(folder)) {
          dirs.addAll(createFolders(root, folder));
        }
        dirs.add(folder);
        roots.placing().add(candidate);
        try {
          try {
            NoReplaceMove.move(tmp, candidate);
          } catch (NoSuchFileException e) {
            // A remembered folder was removed behind the node's back (a wiped store root?).
            root.forgetFolders();
            dirs.addAll(createFolders(root, folder));
            NoReplaceMove.move(tmp, candidate);
          }
          target = candidate;
          moved = true;
        } catch (FileAlreadyExistsException e) {
          // The ID server handed out an ID twice (its database was reset?): never overwrite.
          roots.placing().remove(candidate);
          LOG.log(
              System.Logger.Level.ERROR,
              "an ID of group {0} gives path {1}, which already exists; asking for another ID",
              group,
              candidate);
          if (attempt == PATH_ATTEMPTS) {
            throw new StorageException(
                ErrorCode.INTERNAL, "the ID server keeps returning IDs of existing files");
          }
          rel = StoragePaths.relativePath(nextId(), now / 1000);
        } catch (IOException e) {
          roots.placing().remove(candidate);
          throw storeFailure(root, new StoreWriteException(e));
        }
      }
      FileRow row =
          new FileRow(
              new FileMeta(
                  ids.fileId(),
                  ids.appId(),
                  ids.userId(),
                  size,
                  crc.getValue(),
                  contentType,
                  FileStatus.ACTIVE,
                  rel,
                  now,
                  now),
              root.storeId(),
              0);
      try {
        Sidecar.write(target, row, nodeId);
      } catch (IOException e) {
        // The sidecar is a recovery aid; the start-up reconcile writes it again from the row.
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot write the sidecar of file {0} at {1}: {2}",
            ids.fileId(),
            target,
            e.toString());
      }
      Outcome outcome;
      try {
        outcome = commit(new Mutation.Put(row, dirs, held), row, root);
      } catch (CommitOutcomeUnknown e) {
        // The commit may have reached the database before the failure (a lost reply) and the
        // lookup could not tell: the row may name this file, so it must stay. If the commit did
        // not happen, the reconciler quarantines the unnamed file after its grace period (fault
        // suite: ambiguousCommitFailureDeletedACommittedFile).
        committed = true;
        throw e.reply;
      }
      switch (outcome) {
        case Outcome.Applied a -> {
          committed = true;
          FileRow stored = a.after().orElse(row);
          if (a.seq() > 0) {
            replication.committed(a.seq());
            replication.awaitPeers(a.seq(), ids.fileId());
          }
          return new Response.Uploaded(stored.meta().crc32c(), stored.meta().createTime());
        }
        case Outcome.Refused f -> throw new StorageException(f.code(), f.text());
      }
    } finally {
      if (keep != null) {
        heldForJournal.addAndGet(-keep.capacity());
      }
      if (!moved) {
        deleteQuietly(tmp);
      }
      if (!committed && target != null) {
        deleteQuietly(target);
      }
      if (target != null) {
        roots.placing().remove(target);
      }
    }
  }

  /** Creates a file's layout folders; returns the folders whose entries changed (to fsync). */
  private List<Path> createFolders(StoreRoot root, Path folder) throws StorageException {
    try {
      List<Path> changed = Fsync.createDirectories(root.path(), folder);
      root.folderExists(folder);
      return changed;
    } catch (IOException e) {
      throw storeFailure(root, new StoreWriteException(e));
    }
  }

  /**
   * A buffer to keep a small new file's bytes in as they are copied, for the metadata journal (the
   * writer would otherwise open and read the file again); null when the node does not journal, the
   * file is too large for the journal or the memory budget is used up (the writer then reads the
   * file). The caller gives the budget back: the buffer's capacity.
   */
  private ByteBuffer keepForJournal(long size) {
    if (!durability.journals() || size > MetaWriter.JOURNAL_FILE_MAX) {
      return null;
    }
    if (heldForJournal.addAndGet(size) > HELD_FOR_JOURNAL_MAX) {
      heldForJournal.addAndGet(-size);
      return null;
    }
    return ByteBuffer.allocate((int) size);
  }

  /** A commit failed and whether it reached the database first is not known. */
  private static final class CommitOutcomeUnknown extends Exception {
    final StorageException reply;

    CommitOutcomeUnknown(StorageException reply) {
      super(reply.getMessage(), reply, false, false);
      this.reply = reply;
    }
  }

  private Outcome commit(Mutation.Put put, FileRow row, StoreRoot root)
      throws StorageException, CommitOutcomeUnknown {
    try {
      return writer.apply(put, COMMIT_TIMEOUT);
    } catch (SQLException | RuntimeException e) {
      // The commit may have happened before the failure: look before answering.
      try {
        Optional<FileRow> now = store.find(row.userId(), row.fileId());
        if (now.isPresent()
            && now.get().meta().path().equals(row.meta().path())
            && now.get().storeId().equals(root.storeId())) {
          return new Outcome.Applied(Optional.empty(), now, 0);
        }
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      // Even a lookup that found nothing may have run before a commit the database was still
      // finishing for the broken connection: the file is kept either way.
      LOG.log(
          System.Logger.Level.ERROR,
          "commit of file "
              + row.fileId()
              + " (user "
              + row.userId()
              + ") failed; its bytes stay at "
              + row.meta().path()
              + " in case the commit reached the database",
          e);
      throw new CommitOutcomeUnknown(
          new StorageException(ErrorCode.UNAVAILABLE, "metadata database unavailable", e));
    } catch (IOException e) {
      root.markReadOnly("directory fsync failed: " + e);
      throw new StorageException(ErrorCode.INTERNAL, "cannot sync the store directory", e);
    }
  }

  private long nextId() throws StorageException {
    try {
      return ids.nextId(group);
    } catch (IdClient.IdUnavailableException e) {
      LOG.log(System.Logger.Level.WARNING, "no ID for group {0}: {1}", group, e.getMessage());
      throw new StorageException(e.code(), "get id fail: " + e.getMessage(), e);
    }
  }

  private static StorageException storeFailure(StoreRoot root, StoreWriteException e) {
    if (e.isNoSpace()) {
      return new StorageException(
          ErrorCode.DISK_FULL, "store root " + root.storeId() + " is full", e);
    }
    root.markReadOnly("write failed: " + e.getMessage());
    return new StorageException(
        ErrorCode.INTERNAL, "store root " + root.storeId() + " failed: " + e.getMessage(), e);
  }

  /**
   * The row for a request, whatever its status, with user and app checked (seed bug 16). An empty
   * user ID (reads only, {@link #validateRead}) matches any owner and bypasses the cache, whose
   * entries are keyed and invalidated by owner.
   */
  private Optional<FileRow> find(IdBlock ids) throws StorageException {
    try {
      if (ids.userId().isEmpty()) {
        return store
            .findAnyOwner(ids.fileId())
            .filter(r -> ids.appId().isEmpty() || r.meta().appId().equals(ids.appId()));
      }
      return lookup
          .find(ids.userId(), ids.fileId())
          .filter(r -> r.userId().equals(ids.userId()) && r.meta().appId().equals(ids.appId()));
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.ERROR, "lookup of file " + ids.fileId() + " failed", e);
      throw new StorageException(ErrorCode.UNAVAILABLE, "read database fail", e);
    }
  }

  /**
   * A file that may be served: active and intact, else DELETED, NOT_FOUND or NOT_HERE_YET. With
   * {@code repair}, a file this node lacks (no row, or its bytes missing or corrupt) is first
   * fetched from a peer (read repair): the original client fails over only on socket errors (seed
   * bug 17), so every member must serve every file of its group, even right after the upload.
   */
  public FileRow servable(IdBlock ids, boolean repair) throws StorageException {
    validateRead(ids);
    Optional<FileRow> found = find(ids);
    if (found.isPresent() && found.get().status() != FileStatus.ACTIVE) {
      throw new StorageException(ErrorCode.DELETED, "file is deleted: " + ids.fileId());
    }
    if (found.isPresent() && found.get().flags() == 0) {
      return found.get();
    }
    if (repair) {
      return switch (replication.repair(ids, found)) {
        case Replication.Found.Here h -> h.row();
        case Replication.Found.Gone g ->
            throw new StorageException(ErrorCode.DELETED, "file is deleted: " + ids.fileId());
      };
    }
    if (found.isEmpty()) {
      throw new StorageException(ErrorCode.NOT_FOUND, "no such file: " + ids.fileId());
    }
    throw new StorageException(
        ErrorCode.NOT_HERE_YET,
        "file "
            + ids.fileId()
            + " is "
            + ((found.get().flags() & FileRow.FLAG_CORRUPT) != 0 ? "corrupt" : "missing")
            + " on this node");
  }

  /** {@link #servable(IdBlock, boolean)} with read repair. */
  public FileRow servable(IdBlock ids) throws StorageException {
    return servable(ids, true);
  }

  /** FILE_SIZE (71). */
  public Response.FileSize fileSize(IdBlock ids) throws StorageException {
    return fileSize(ids, true);
  }

  /** FILE_SIZE (71); {@code repair} false for a peer's request. */
  public Response.FileSize fileSize(IdBlock ids, boolean repair) throws StorageException {
    return new Response.FileSize(servable(ids, repair).meta().size());
  }

  /**
   * DOWNLOAD (72): checks the range ({@code 0 <= offset <= size}; length 0 = to the end) and opens
   * the file.
   */
  public FileRange openRange(IdBlock ids, long offset, long length) throws StorageException {
    return openRange(ids, offset, length, true);
  }

  /** DOWNLOAD (72); {@code repair} false for a peer's request. */
  public FileRange openRange(IdBlock ids, long offset, long length, boolean repair)
      throws StorageException {
    FileRow row = servable(ids, repair);
    long len = rangeLength(row.meta().size(), offset, length);
    FileChannel ch;
    try {
      ch = open(row);
    } catch (StorageException e) {
      if (!repair || e.code() != ErrorCode.NOT_HERE_YET) {
        throw e;
      }
      // The row said the bytes were here, the disk disagreed (open() flagged the row): fetch them.
      row = servable(ids, true);
      len = rangeLength(row.meta().size(), offset, length);
      ch = open(row);
    }
    return new FileRange(row, ch, offset, len);
  }

  /**
   * The number of bytes a DOWNLOAD sends (seed-reference §3.2): {@code 0 <= offset <= size}, and
   * {@code 0 <= length <= size - offset} where length 0 means "to the end of the file".
   *
   * @throws StorageException BAD_RANGE otherwise
   */
  public static long rangeLength(long size, long offset, long length) throws StorageException {
    if (offset < 0 || offset > size) {
      throw new StorageException(
          ErrorCode.BAD_RANGE, "offset " + offset + " outside the file of " + size + " bytes");
    }
    if (length < 0 || length > size - offset) {
      throw new StorageException(
          ErrorCode.BAD_RANGE,
          "size " + length + " from offset " + offset + " exceeds the file of " + size + " bytes");
    }
    return length == 0 ? size - offset : length;
  }

  /** Opens a row's file for reading; a missing or short file flags the row (NOT_HERE_YET). */
  public FileChannel open(FileRow row) throws StorageException {
    Optional<StoreRoot> root = roots.byId(row.storeId());
    if (root.isEmpty()) {
      flag(row, FileRow.FLAG_MISSING, "its store root " + row.storeId() + " is not configured");
      throw new StorageException(ErrorCode.NOT_HERE_YET, "file " + row.fileId() + " is missing");
    }
    Path p = root.get().resolve(row.meta().path());
    try {
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
      if (ch.size() != row.meta().size()) {
        ch.close();
        flag(
            row,
            FileRow.FLAG_CORRUPT,
            "its size is " + Files.size(p) + " not " + row.meta().size());
        throw new StorageException(ErrorCode.NOT_HERE_YET, "file " + row.fileId() + " is damaged");
      }
      return ch;
    } catch (NoSuchFileException e) {
      flag(row, FileRow.FLAG_MISSING, "it is not at " + p);
      throw new StorageException(ErrorCode.NOT_HERE_YET, "file " + row.fileId() + " is missing");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot read file " + row.fileId() + " at " + p, e);
      throw new StorageException(ErrorCode.INTERNAL, "cannot read file " + row.fileId(), e);
    }
  }

  /**
   * Marks a row missing or corrupt. Waits for the change (briefly) so that a read repair that
   * follows sees the flag; a database problem is logged and the request answered anyway.
   */
  public void flag(FileRow row, int flag, String why) {
    LOG.log(
        System.Logger.Level.ERROR,
        "file {0} (user {1}) flagged {2}: {3}",
        row.fileId(),
        row.userId(),
        flag == FileRow.FLAG_MISSING ? "missing" : "corrupt",
        why);
    try {
      writer.apply(new Mutation.SetFlags(row.userId(), row.fileId(), flag, 0), COMMIT_TIMEOUT);
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "cannot flag file " + row.fileId() + " (user " + row.userId() + ")",
          e);
    }
  }

  /** STAT (75): the metadata whatever the status (tombstones included). */
  public Response.Stat stat(IdBlock ids) throws StorageException {
    return stat(ids, true);
  }

  /**
   * STAT (75); with {@code repair}, a file this node has no row of is fetched from a peer first (a
   * peer's deleted or purged file is answered with the peer's metadata).
   */
  public Response.Stat stat(IdBlock ids, boolean repair) throws StorageException {
    validateRead(ids);
    Optional<FileRow> row = find(ids);
    if (row.isPresent()) {
      return new Response.Stat(row.get().meta());
    }
    if (!repair) {
      throw new StorageException(ErrorCode.NOT_FOUND, "no such file: " + ids.fileId());
    }
    return switch (replication.repair(ids, row)) {
      case Replication.Found.Here h -> new Response.Stat(h.row().meta());
      case Replication.Found.Gone g -> new Response.Stat(g.peerMeta());
    };
  }

  /** DELETE (73), RESTORE (77), PURGE (78). */
  public Response.Ok transition(Mutation.Kind kind, IdBlock ids) throws StorageException {
    return transition(kind, ids, true);
  }

  /**
   * DELETE (73), RESTORE (77), PURGE (78). With {@code repair}, a file this member has not received
   * yet is first taken from a peer (its state, not its bytes), so the change applies here and
   * replicates, as it would have on the member that has the file.
   */
  public Response.Ok transition(Mutation.Kind kind, IdBlock ids, boolean repair)
      throws StorageException {
    validate(ids);
    Replication.Learned learned = Replication.Learned.ABSENT;
    if (repair) {
      // A member that has not seen the file's latest change (async replication) would apply this
      // one to a stale state: a RESTORE answered as a no-op and then undone by the older DELETE it
      // had not pulled yet (fault suite: restoreOnAMemberThatHadNotSeenTheDeleteWasLost). Take the
      // peers' newer state first; the change is then stamped after it and wins everywhere.
      learned = replication.learn(ids);
    }
    Outcome o = applyTransition(kind, ids);
    if (repair && o instanceof Outcome.Refused r && r.code() == ErrorCode.NOT_FOUND) {
      // the file arrived meanwhile (a puller), or a peer has it: apply again
      if (find(ids).isPresent()
          || (learned = replication.learn(ids)) == Replication.Learned.TAKEN) {
        o = applyTransition(kind, ids);
      }
      if (o instanceof Outcome.Refused again
          && again.code() == ErrorCode.NOT_FOUND
          && learned == Replication.Learned.UNKNOWN) {
        // A peer that may hold the file (an upload it acknowledged before this member copied it)
        // could not be asked: NOT_FOUND would be final for a file that exists (fault suite:
        // deleteAnsweredNotFoundWhileTheOnlyHolderWasDown). The client retries NOT_HERE_YET.
        throw new StorageException(
            ErrorCode.NOT_HERE_YET,
            "file "
                + ids.fileId()
                + " is not on this node yet and a peer that may hold it cannot be asked");
      }
    }
    switch (o) {
      case Outcome.Refused f -> throw new StorageException(f.code(), f.text());
      case Outcome.Applied a -> {
        afterTransition(a);
        if (a.seq() > 0) {
          replication.committed(a.seq());
        }
      }
    }
    return new Response.Ok();
  }

  private Outcome applyTransition(Mutation.Kind kind, IdBlock ids) throws StorageException {
    try {
      return writer.apply(
          new Mutation.Transition(kind, ids.appId(), ids.userId(), ids.fileId(), clock.millis()),
          COMMIT_TIMEOUT);
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, kind + " of file " + ids.fileId() + " failed", e);
      throw new StorageException(ErrorCode.UNAVAILABLE, "metadata database unavailable", e);
    }
  }

  /**
   * Brings the bytes and the sidecar in line with a committed status change. Also for one the
   * writer found already made (no new log entry): that may be this change's own commit whose reply
   * was lost, with nothing done to the bytes yet, and doing it twice does no harm.
   */
  public void afterTransition(Outcome.Applied a) {
    if (a.after().isEmpty()) {
      return;
    }
    FileRow row = a.after().get();
    Optional<StoreRoot> root = roots.byId(row.storeId());
    if (root.isEmpty()) {
      return;
    }
    Path p = root.get().resolve(row.meta().path());
    if (row.status() == FileStatus.PURGED) {
      removeBytes(p);
    } else {
      try {
        if (Files.exists(p)) {
          Sidecar.write(p, row, nodeId);
        }
      } catch (IOException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot rewrite the sidecar of file {0}: {1}",
            row.fileId(),
            e.toString());
      }
    }
  }

  /**
   * Removes a purged file's bytes (and an earlier version's own sidecar file; its record in the
   * folder's log goes with the log's next compaction). The tombstone row is already committed, so a
   * crash here only leaves a file that the start-up reconcile removes (seed bug 16 did it the other
   * way round and lost the row).
   */
  public static void removeBytes(Path p) {
    try {
      Files.deleteIfExists(p);
      Sidecar.removeLegacy(p);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot remove purged file " + p, e);
    }
  }

  /** LIST (76). */
  public Response.FileList list(String userId, String after, int limit, boolean includeDeleted)
      throws StorageException {
    if (limit < 1 || limit > 1000) {
      throw new StorageException(ErrorCode.BAD_REQUEST, "limit must be 1-1000, not " + limit);
    }
    if (!userId.isEmpty() && !Names.validUserId(userId)) {
      throw new StorageException(ErrorCode.INVALID_NAME, "invalid userid: " + Names.quote(userId));
    }
    if (!after.isEmpty() && !Names.validFileId(after)) {
      throw new StorageException(ErrorCode.INVALID_NAME, "invalid fileid: " + Names.quote(after));
    }
    try {
      MetadataStore.Page page = store.list(userId, after, limit, includeDeleted);
      List<FileMeta> metas = page.rows().stream().map(FileRow::meta).toList();
      return new Response.FileList(metas, page.next());
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.ERROR, "list failed", e);
      throw new StorageException(ErrorCode.UNAVAILABLE, "read database fail", e);
    }
  }

  /** REPL_LOG (80) from peer {@code peerId}, which has applied everything up to afterSeq. */
  public Response.ReplLog replLog(String peerId, long afterSeq, int max) throws StorageException {
    if (max < 1 || max > 10_000 || afterSeq < 0) {
      throw new StorageException(ErrorCode.BAD_REQUEST, "bad log range");
    }
    replication.peerRead(peerId, afterSeq);
    try {
      MetadataStore.LogPage p = store.readLog(afterSeq, max, writer.durableSeq());
      return new Response.ReplLog(p.oldestSeq(), p.lastSeq(), p.entries());
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.ERROR, "reading the replication log failed", e);
      throw new StorageException(ErrorCode.UNAVAILABLE, "read database fail", e);
    }
  }

  /** REPL_FETCH (81): an active file with its metadata, for a peer. */
  public FileRange openForPeer(String userId, String fileId) throws StorageException {
    if (!Names.validUserId(userId) || !Names.validFileId(fileId)) {
      throw new StorageException(ErrorCode.INVALID_NAME, "invalid user or file id");
    }
    FileRow row;
    try {
      row =
          lookup
              .find(userId, fileId)
              .filter(r -> r.userId().equals(userId))
              .orElseThrow(
                  () -> new StorageException(ErrorCode.NOT_FOUND, "no such file: " + fileId));
    } catch (SQLException e) {
      throw new StorageException(ErrorCode.UNAVAILABLE, "read database fail", e);
    }
    if (row.status() != FileStatus.ACTIVE) {
      throw new StorageException(ErrorCode.DELETED, "file is deleted: " + fileId);
    }
    if (row.flags() != 0) {
      throw new StorageException(ErrorCode.NOT_HERE_YET, "file is not intact here: " + fileId);
    }
    return new FileRange(row, open(row), 0, row.meta().size());
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove {0}: {1}", p, e.toString());
    }
  }
}
