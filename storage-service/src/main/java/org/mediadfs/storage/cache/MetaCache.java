package org.mediadfs.storage.cache;

import java.util.Optional;
import org.mediadfs.storage.meta.FileRow;

/**
 * A cache of file lookups in front of the database (seed-reference §10, keyed here by node, user
 * and file). Implementations must never throw on a cache failure: a broken cache is a miss, and
 * behaviour is the same without it, only slower (architecture decision 3).
 */
public interface MetaCache extends AutoCloseable {
  /** The cached row, or empty on a miss or cache failure. */
  Optional<FileRow> get(String userId, String fileId);

  /** Caches a row for the configured TTL. */
  void put(FileRow row);

  /** Drops a cached row (after delete, restore, purge, flag changes). */
  void invalidate(String userId, String fileId);

  /** A short description for logs. */
  String describe();

  @Override
  void close();
}
