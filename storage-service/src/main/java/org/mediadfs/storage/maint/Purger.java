package org.mediadfs.storage.maint;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.meta.Outcome;
import org.mediadfs.storage.server.StorageService;
import org.mediadfs.wire.message.FileStatus;

/**
 * Delete retention (architecture decision 6): soft-deleted files older than the delete retention
 * are purged (bytes removed, tombstone kept), tombstones older than the tombstone retention are
 * dropped, and the replication log is trimmed to the same horizon (a peer away for longer resyncs
 * fully, issue 5).
 */
public final class Purger {
  private static final System.Logger LOG = System.getLogger(Purger.class.getName());
  private static final int BATCH = 500;

  private final MetadataStore store;
  private final MetaWriter writer;
  private final StorageService service;
  private final Duration deleteRetention;
  private final Duration tombstoneRetention;
  private final Clock clock;

  public Purger(
      MetadataStore store,
      MetaWriter writer,
      StorageService service,
      Duration deleteRetention,
      Duration tombstoneRetention,
      Clock clock) {
    this.store = store;
    this.writer = writer;
    this.service = service;
    this.deleteRetention = deleteRetention;
    this.tombstoneRetention = tombstoneRetention;
    this.clock = clock;
  }

  /** One pass; returns files purged plus tombstones dropped. */
  public long pass() throws SQLException, IOException {
    long now = clock.millis();
    long done = 0;
    for (FileRow row :
        store.olderThan(FileStatus.DELETED, now - deleteRetention.toMillis(), BATCH)) {
      Outcome o =
          writer.apply(
              new Mutation.Transition(
                  Mutation.Kind.PURGE, "", row.userId(), row.fileId(), clock.millis()),
              Duration.ofSeconds(60));
      if (o instanceof Outcome.Applied a) {
        service.afterTransition(a);
        done++;
      }
    }
    for (FileRow row :
        store.olderThan(FileStatus.PURGED, now - tombstoneRetention.toMillis(), BATCH)) {
      if (writer.apply(
              new Mutation.DropTombstone(row.userId(), row.fileId()), Duration.ofSeconds(60))
          instanceof Outcome.Applied) {
        done++;
      }
    }
    int trimmed = writer.trimLog(now - tombstoneRetention.toMillis());
    if (done > 0 || trimmed > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "retention: {0} file(s) purged or tombstones dropped, {1} log entries trimmed",
          done,
          trimmed);
    }
    return done;
  }
}
