package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * The {@code <file>.meta} record written beside every stored file: its metadata in a versioned,
 * CRC-checked {@link RecordFile}, so {@code fsck --rebuild} can recreate the index when the
 * database is lost.
 *
 * <p>Durability contract: the database row is the truth and is durable before an upload is
 * acknowledged; the sidecar is a disaster-recovery copy, written before the row but not fsynced on
 * its own (the kernel writes it back within seconds). After a crash a missing or torn sidecar is
 * detected by its CRC and rewritten from the row by the start-up reconcile or {@code fsck}. It is
 * rewritten on delete and restore and removed with the bytes on purge.
 */
public final class Sidecar {
  /** Suffix of sidecar files. */
  public static final String SUFFIX = ".meta";

  static final String KIND = "file";
  static final int VERSION = 1;

  private Sidecar() {}

  /** The sidecar path of a data file. */
  public static Path of(Path dataFile) {
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

  /** Reads the sidecar of a data file. */
  public static FileRow read(Path dataFile) throws IOException, RecordFile.CorruptRecordException {
    return fromRecord(RecordFile.read(of(dataFile), KIND, VERSION));
  }

  /**
   * Writes the first sidecar of a new data file, in place, without fsync (one rename less per
   * upload; a torn one is caught by its CRC and rewritten from the row like a missing one).
   */
  public static void writeNew(Path dataFile, FileRow row, String nodeId) throws IOException {
    toRecord(row, nodeId).writeInPlace(of(dataFile));
  }

  /** Writes (or rewrites) the sidecar of a data file, atomically, without fsync. */
  public static void write(Path dataFile, FileRow row, String nodeId) throws IOException {
    toRecord(row, nodeId).writeAtomically(of(dataFile), false);
  }
}
