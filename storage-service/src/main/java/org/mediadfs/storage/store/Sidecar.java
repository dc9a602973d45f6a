package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * The sidecar record of every stored file: its metadata in a versioned, CRC-checked {@link
 * RecordFile}, so {@code fsck --rebuild} can recreate the index when the database is lost.
 *
 * <p>The records of a layout folder's files are appended to one file in that folder, {@value #LOG}:
 * a new file's record is one append to a file that exists already (the folder's other uploads
 * created it), where a file of its own per record cost an inode, a directory entry and a page — a
 * fifth of the node's CPU per 4 KiB upload. A status change appends the file's new record; the
 * newest intact record of a file is its sidecar. Every record starts on a line of its own, so a
 * record torn by a crash is skipped (its CRC fails) without hiding the records after it. A folder
 * holds at most 512 files; its log is compacted (the newest record of each file still there) when
 * it grows past {@link #COMPACT_AT}.
 *
 * <p>Files stored by versions before the log have a {@code <file>.meta} record of their own ({@link
 * #legacy}); it is still read when the log has no record of the file.
 *
 * <p>Durability contract: the database row is the truth and is durable before an upload is
 * acknowledged; the sidecar is a disaster-recovery copy, written before the row but not fsynced on
 * its own (the next file-system sync or checkpoint writes it, the kernel within seconds). After a
 * crash a missing or torn record is rewritten from the row by the start-up reconcile or {@code
 * fsck}.
 */
public final class Sidecar {
  /** The folder's record log. */
  public static final String LOG = "meta.log";

  /** Suffix of the one-record-per-file sidecars of earlier versions. */
  public static final String SUFFIX = ".meta";

  /** A folder's log is compacted when an append leaves it larger than this. */
  static final long COMPACT_AT = 1L << 20;

  /** A log larger than this is not read whole (it is not one this node wrote). */
  static final long READ_MAX = 64L << 20;

  static final String KIND = "file";
  static final int VERSION = 1;

  private static final byte[] START =
      ("mediadfs-" + KIND + " ").getBytes(StandardCharsets.US_ASCII);

  /**
   * Appends to one folder's log share a read lock (each is one {@code O_APPEND} write, which the
   * kernel keeps whole); a compaction, which replaces the log, takes the write lock.
   */
  private static final ReadWriteLock[] STRIPES = new ReadWriteLock[64];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantReadWriteLock();
    }
  }

  private Sidecar() {}

  /** The log holding the records of the files of {@code folder}. */
  public static Path logOf(Path folder) {
    return folder.resolve(LOG);
  }

  /** The own sidecar file an earlier version wrote beside a data file. */
  public static Path legacy(Path dataFile) {
    return dataFile.resolveSibling(dataFile.getFileName() + SUFFIX);
  }

  /** The record for a row. */
  public static RecordFile toRecord(FileRow row, String nodeId) {
    FileMeta m = row.meta();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("file-id", m.fileId());
    f.put("app-id", m.appId());
    f.put("user-id", m.userId());
    f.put("size", Long.toString(m.size()));
    f.put("checksum", Long.toString(m.crc32c()));
    f.put("content-type", m.contentType());
    f.put("status", Integer.toString(m.status().code()));
    f.put("path", m.path());
    f.put("store-id", row.storeId());
    f.put("node-id", nodeId);
    f.put("create-time", Long.toString(m.createTime()));
    f.put("update-time", Long.toString(m.updateTime()));
    return RecordFile.of(KIND, VERSION, f);
  }

  /** The row a record describes. */
  public static FileRow fromRecord(RecordFile r) throws RecordFile.CorruptRecordException {
    try {
      FileMeta m =
          new FileMeta(
              r.get("file-id"),
              r.get("app-id"),
              r.get("user-id"),
              r.getLong("size"),
              r.getLong("checksum"),
              r.get("content-type"),
              FileStatus.of((int) r.getLong("status")),
              r.get("path"),
              r.getLong("create-time"),
              r.getLong("update-time"));
      return new FileRow(m, r.get("store-id"), 0);
    } catch (IllegalArgumentException e) {
      throw new RecordFile.CorruptRecordException("bad sidecar: " + e.getMessage());
    }
  }

  /**
   * Records a data file's metadata (a new file, or its new state) in its folder's log, without
   * fsync. The folder must exist.
   */
  public static void write(Path dataFile, FileRow row, String nodeId) throws IOException {
    Path folder = dataFile.getParent();
    ByteBuffer buf = framed(toRecord(row, nodeId).encode());
    long size;
    ReadWriteLock lock = stripe(folder);
    lock.readLock().lock();
    try (FileChannel ch =
        FileChannel.open(
            logOf(folder),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      // One write: O_APPEND places it whole after every other append to the log.
      writeFully(ch, buf);
      size = ch.size();
    } finally {
      lock.readLock().unlock();
    }
    if (size > COMPACT_AT) {
      compact(folder);
    }
  }

  /**
   * The newest intact record of a data file: from its folder's log, else from an earlier version's
   * own sidecar file; empty when there is none (or only torn ones).
   */
  public static Optional<FileRow> find(Path dataFile) throws IOException {
    return Optional.ofNullable(recordOf(dataFile)).map(Record::row);
  }

  private static Record recordOf(Path dataFile) throws IOException {
    return readFolder(dataFile.getParent()).get(dataFile.getFileName().toString());
  }

  /**
   * A file's newest intact record.
   *
   * @param row what it says
   * @param bytes the record as written
   */
  public record Record(FileRow row, byte[] bytes) {}

  /**
   * The newest intact record of every file a folder's log names (and of files that only have an
   * earlier version's own sidecar), by file name. Files the log names need not exist.
   */
  public static Map<String, Record> readFolder(Path folder) throws IOException {
    Map<String, Record> out = new LinkedHashMap<>();
    ReadWriteLock lock = stripe(folder);
    lock.readLock().lock();
    byte[] bytes;
    try {
      Path log = logOf(folder);
      if (Files.size(log) > READ_MAX) {
        throw new IOException(log + " is too large for a sidecar log");
      }
      bytes = Files.readAllBytes(log);
    } catch (NoSuchFileException e) {
      bytes = new byte[0];
    } finally {
      lock.readLock().unlock();
    }
    parse(bytes, out);
    try (var files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path side : files) {
        String name = side.getFileName().toString();
        String data = name.substring(0, name.length() - SUFFIX.length());
        if (!out.containsKey(data)) {
          try {
            byte[] b = Files.readAllBytes(side);
            out.put(data, new Record(fromRecord(RecordFile.decode(b, KIND, VERSION)), b));
          } catch (RecordFile.CorruptRecordException e) {
            // torn: as if there were none
          }
        }
      }
    } catch (NoSuchFileException e) {
      // no folder: no records
    }
    return out;
  }

  /**
   * True when a sidecar record describes a row's file as it is: same file ID, checksum and status
   * (what the reconcile and {@code fsck} rewrite a record for when it does not).
   */
  public static boolean agrees(Optional<FileRow> side, FileRow row) {
    return side.isPresent()
        && side.get().fileId().equals(row.fileId())
        && side.get().meta().crc32c() == row.meta().crc32c()
        && side.get().meta().status() == row.status();
  }

  /** Decodes a log's intact records into {@code out} (newer records replace older ones). */
  static void parse(byte[] b, Map<String, Record> out) {
    int start = nextStart(b, 0);
    while (start >= 0) {
      int next = nextStart(b, start + 1);
      int end = next < 0 ? b.length : next;
      while (end - start > 1 && b[end - 1] == '\n' && b[end - 2] == '\n') {
        end--; // the blank line that opens the next record
      }
      byte[] bytes = Arrays.copyOfRange(b, start, end);
      try {
        FileRow row = fromRecord(RecordFile.decode(bytes, KIND, VERSION));
        String path = row.meta().path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        out.remove(name); // keeps the map in the order of each file's newest record
        out.put(name, new Record(row, bytes));
      } catch (RecordFile.CorruptRecordException e) {
        // a torn or damaged record: skipped, the ones after it still count
      }
      start = next;
    }
  }

  /** The offset of the next record header at or after {@code from} (at a line's start), or -1. */
  private static int nextStart(byte[] b, int from) {
    for (int i = from; i + START.length <= b.length; i++) {
      if ((i == 0 || b[i - 1] == '\n') && b[i] == START[0]) {
        if (Arrays.equals(b, i, i + START.length, START, 0, START.length)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Rewrites a folder's log with the newest record of each file still in the folder: a temporary
   * file, fsync, atomic rename (the records of files that are gone are dropped, nothing else).
   */
  static void compact(Path folder) throws IOException {
    ReadWriteLock lock = stripe(folder);
    lock.writeLock().lock();
    try {
      Path log = logOf(folder);
      if (Files.size(log) <= COMPACT_AT) {
        return; // another append compacted it meanwhile
      }
      Map<String, Record> records = new LinkedHashMap<>();
      parse(Files.readAllBytes(log), records);
      Path tmp = folder.resolve(LOG + ".tmp");
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        for (var e : records.entrySet()) {
          if (Files.exists(folder.resolve(e.getKey()))) {
            writeFully(ch, framed(e.getValue().bytes()));
          }
        }
        ch.force(false);
      }
      Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Fsync.directory(folder);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** A record as it goes into a log: on a line of its own. */
  private static ByteBuffer framed(byte[] record) {
    ByteBuffer buf = ByteBuffer.allocate(record.length + 1);
    buf.put((byte) '\n').put(record).flip();
    return buf;
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /**
   * Moves a data file's sidecar along with the file (quarantine): its newest record becomes the own
   * sidecar file of {@code dest}, which stays readable without the folder it came from.
   */
  public static void moveWith(Path dataFile, Path dest) throws IOException {
    Record r = recordOf(dataFile);
    if (r != null) {
      Path tmp = legacy(dest).resolveSibling(dest.getFileName() + SUFFIX + ".tmp");
      Files.write(tmp, r.bytes());
      Files.move(
          tmp, legacy(dest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.deleteIfExists(legacy(dataFile));
  }

  /** Removes an earlier version's own sidecar file of a data file, if there is one. */
  public static void removeLegacy(Path dataFile) throws IOException {
    Files.deleteIfExists(legacy(dataFile));
  }

  /**
   * The records of the folder read last, for walks that visit a folder's files one after another
   * (the log is read once per folder, not once per file).
   */
  public static final class FolderCache {
    private Path folder;
    private Map<String, Record> records = Map.of();

    /** The newest intact record of a data file (see {@link Sidecar#find}). */
    public Optional<FileRow> find(Path dataFile) throws IOException {
      Path f = dataFile.getParent();
      if (!f.equals(folder)) {
        records = readFolder(f);
        folder = f;
      }
      return Optional.ofNullable(records.get(dataFile.getFileName().toString())).map(Record::row);
    }

    /**
     * Records a data file's state again (see {@link Sidecar#write}) and re-reads its folder next.
     */
    public void write(Path dataFile, FileRow row, String nodeId) throws IOException {
      Sidecar.write(dataFile, row, nodeId);
      if (dataFile.getParent().equals(folder)) {
        folder = null;
        records = Map.of();
      }
    }
  }

  private static ReadWriteLock stripe(Path folder) {
    return STRIPES[Math.floorMod(folder.hashCode(), STRIPES.length)];
  }
}
