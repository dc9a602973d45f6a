package org.mediadfs.storage.meta;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.storage.cache.CachedLookup;
import org.mediadfs.storage.cache.CaffeineMetaCache;
import org.mediadfs.storage.store.Durability;

/** Metadata databases and writers for tests that need no node around them. */
public final class TestMeta {
  private TestMeta() {}

  /** An H2 database at {@code url} with a small pool, migrated. */
  public static Database database(String url) throws Exception {
    return Database.open(new StorageConfig.Database(url, "", "", 2, Duration.ofSeconds(5)), "test");
  }

  /** A fresh in-memory H2 database of its own. */
  public static Database memoryDatabase() throws Exception {
    return database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** A writer for {@code nodeId} without a journal (every upload forces its own file). */
  public static MetaWriter writer(Database db, String nodeId, Clock clock) throws Exception {
    return MetaWriter.start(
        db,
        nodeId,
        new CachedLookup(
            new MetadataStore(db, nodeId), new CaffeineMetaCache(Duration.ofSeconds(60), 100)),
        Duration.ofDays(7),
        new Durability.PerFile(),
        clock);
  }
}
