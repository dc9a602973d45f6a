package org.mediadfs.storage.maint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.wire.message.FileStatus;

/**
 * Reads every live file back at a limited rate and checks its CRC32C against the row: silent
 * corruption (bit rot, a bad sector, a stray write) is found before a client downloads it. A bad
 * file is flagged corrupt (not served: NOT_HERE_YET, so clients try another member; replication
 * repairs it, issue 5); a file that vanished is flagged missing.
 */
public final class Scrubber {
  private static final System.Logger LOG = System.getLogger(Scrubber.class.getName());
  private static final int PAGE = 200;
  private static final int CHUNK = 256 * 1024;

  /** One pass's counts. */
  public record Report(long files, long bytes, long corrupt, long missing) {}

  private final StoreRoots roots;
  private final MetadataStore store;
  private final MetaWriter writer;
  private final RateLimiter limiter;

  public Scrubber(StoreRoots roots, MetadataStore store, MetaWriter writer, RateLimiter limiter) {
    this.roots = roots;
    this.store = store;
    this.writer = writer;
    this.limiter = limiter;
  }

  /** One pass over every active, unflagged row. */
  public Report pass() throws SQLException, InterruptedException {
    long[] c = new long[4];
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    for (String table : MetadataStore.TABLES) {
      String after = "";
      while (true) {
        List<FileRow> page = store.scan(table, after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (FileRow row : page) {
          if (row.status() == FileStatus.ACTIVE && row.flags() == 0) {
            check(row, buf, c);
          }
        }
        after = page.getLast().fileId();
      }
    }
    return new Report(c[0], c[1], c[2], c[3]);
  }

  /** CRC32C of a whole file, paced by the limiter. */
  static long crcOf(Path p, ByteBuffer buf, RateLimiter limiter)
      throws IOException, InterruptedException {
    CRC32C crc = new CRC32C();
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      while (true) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        limiter.acquire(n);
        buf.flip();
        crc.update(buf);
      }
    }
    return crc.getValue();
  }

  private void check(FileRow row, ByteBuffer buf, long[] c)
      throws InterruptedException, SQLException {
    Optional<StoreRoot> root = roots.byId(row.storeId());
    if (root.isEmpty()) {
      return;
    }
    Path p = root.get().resolve(row.meta().path());
    c[0]++;
    try {
      long crc = crcOf(p, buf, limiter);
      c[1] += row.meta().size();
      if (crc != row.meta().crc32c()) {
        c[2]++;
        LOG.log(
            System.Logger.Level.ERROR,
            "scrub: file {0} (user {1}) at {2} fails its checksum: flagged corrupt",
            row.fileId(),
            row.userId(),
            p);
        flag(row, FileRow.FLAG_CORRUPT);
      }
    } catch (NoSuchFileException e) {
      c[3]++;
      flag(row, FileRow.FLAG_MISSING);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "scrub: cannot read " + p, e);
    }
  }

  private void flag(FileRow row, int flag) throws SQLException {
    try {
      writer.apply(
          new Mutation.SetFlags(row.userId(), row.fileId(), flag, 0), Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new SQLException("flag failed", e);
    }
  }
}
