package org.mediadfs.storage.meta;

import java.util.Objects;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * One row of {@code t_file_NN}: what the node knows of one file. The wire's {@link FileMeta} plus
 * the local facts a peer does not need: which store root holds the bytes and whether they were
 * found missing or corrupt.
 *
 * @param meta the file's metadata (status, path relative to the root, size, checksum, times)
 * @param storeId the {@code store.id} of the root holding the bytes
 * @param flags {@link #FLAG_MISSING} and/or {@link #FLAG_CORRUPT}; 0 when healthy
 */
public record FileRow(FileMeta meta, String storeId, int flags) {
  /** The row exists but its file was not found at start (repaired from peers by replication). */
  public static final int FLAG_MISSING = 1;

  /** The scrubber or fsck found the bytes do not match the checksum. */
  public static final int FLAG_CORRUPT = 2;

  public FileRow {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(storeId, "storeId");
  }

  /** The file ID. */
  public String fileId() {
    return meta.fileId();
  }

  /** The owner. */
  public String userId() {
    return meta.userId();
  }

  /** Active, deleted or purged. */
  public FileStatus status() {
    return meta.status();
  }

  /** True when the bytes can be served: active and neither missing nor corrupt. */
  public boolean servable() {
    return meta.status() == FileStatus.ACTIVE && flags == 0;
  }

  /** The same row with another status and update time. */
  public FileRow withStatus(FileStatus status, long updateTime) {
    FileMeta m = meta;
    return new FileRow(
        new FileMeta(
            m.fileId(),
            m.appId(),
            m.userId(),
            m.size(),
            m.crc32c(),
            m.contentType(),
            status,
            m.path(),
            m.createTime(),
            updateTime),
        storeId,
        flags);
  }

  /** The same row with other flags. */
  public FileRow withFlags(int newFlags) {
    return new FileRow(meta, storeId, newFlags);
  }
}
