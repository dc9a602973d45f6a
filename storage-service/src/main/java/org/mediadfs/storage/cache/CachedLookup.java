package org.mediadfs.storage.cache;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetadataStore;

/**
 * File lookups through the cache, without ever caching a stale row.
 *
 * <p>The classic race: a reader misses, reads the old row from the database, a writer changes the
 * row and invalidates the cache, then the reader puts the old row back. Only this node writes its
 * rows, so a local guard is enough: every key hashes to a stripe whose counter is odd while a
 * change of that key is in flight; a reader fills the cache only if the stripe's counter was even
 * and unchanged across its database read. A collision only costs a skipped fill.
 */
public final class CachedLookup {
  private static final int STRIPES = 4096;

  private final MetadataStore store;
  private final MetaCache cache;
  private final AtomicLongArray versions = new AtomicLongArray(STRIPES);

  public CachedLookup(MetadataStore store, MetaCache cache) {
    this.store = store;
    this.cache = cache;
  }

  /** The cache in use. */
  public MetaCache cache() {
    return cache;
  }

  /** The row of a file, from the cache or the database. */
  public Optional<FileRow> find(String userId, String fileId) throws SQLException {
    Optional<FileRow> hit = cache.get(userId, fileId);
    if (hit.isPresent()) {
      return hit;
    }
    int s = stripe(fileId);
    long before = versions.get(s);
    Optional<FileRow> row = store.find(userId, fileId);
    if (row.isPresent() && (before & 1) == 0 && versions.get(s) == before) {
      cache.put(row.get());
    }
    return row;
  }

  /** Marks a change of this file as started (the writer calls it before its transaction). */
  public void beginChange(String fileId) {
    versions.incrementAndGet(stripe(fileId));
  }

  /** Invalidates the file and marks its change as finished (after commit). */
  public void endChange(String userId, String fileId) {
    cache.invalidate(userId, fileId);
    versions.incrementAndGet(stripe(fileId));
  }

  private static int stripe(String fileId) {
    return (fileId.hashCode() & 0x7fffffff) % STRIPES;
  }
}
