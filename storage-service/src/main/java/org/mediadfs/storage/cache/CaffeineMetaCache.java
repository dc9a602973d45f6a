package org.mediadfs.storage.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.mediadfs.storage.meta.FileRow;

/** The in-process cache used when no Redis is configured: bounded size, same TTL as Redis. */
public final class CaffeineMetaCache implements MetaCache {
  private final Cache<String, FileRow> cache;

  public CaffeineMetaCache(Duration ttl, long maxEntries) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
  }

  static String key(String userId, String fileId) {
    return fileId + '\u0000' + userId;
  }

  @Override
  public Optional<FileRow> get(String userId, String fileId) {
    return Optional.ofNullable(cache.getIfPresent(key(userId, fileId)));
  }

  @Override
  public void put(FileRow row) {
    cache.put(key(row.userId(), row.fileId()), row);
  }

  @Override
  public void invalidate(String userId, String fileId) {
    cache.invalidate(key(userId, fileId));
  }

  @Override
  public String describe() {
    return "in-process cache (Caffeine)";
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }
}
