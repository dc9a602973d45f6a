package org.mediadfs.storage.meta;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.mediadfs.storage.store.Fsync;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;

/**
 * The metadata writer's redo journal: one append and one {@code fdatasync} make a whole batch
 * durable — its row changes, replication-log entries, cursor moves and the bytes of its small new
 * files — so a batch of small uploads costs one flush of one file instead of a file-system flush
 * plus a database checkpoint. The database and the stored files catch up lazily; a checkpoint
 * (every file system synced, the database synced) empties the journal, and start-up replays
 * whatever it holds ({@link JournalRecovery}).
 *
 * <p>Format: a 16-byte header ({@code MDFSJNL2} and the journal's generation, a u64), then records
 * {@code [length u32][crc32c u32][body]}, the CRC taken over the generation and the body. A record
 * is a batch: a list of entries (below). A torn or corrupt record ends the journal (everything
 * after it was never acknowledged: a batch is acknowledged only after its record is flushed). Every
 * entry is an absolute state (a whole row, a log entry, a cursor value, a file's bytes), so
 * replaying a contiguous run of batches that ends with the newest one gives exactly the newest
 * state, whatever prefix of them the database already held.
 *
 * <p>The file is grown ahead of the records with zeros and never shrinks; emptying it starts a new
 * generation instead of truncating. An append then overwrites blocks that exist already, so its
 * {@code fdatasync} writes the record and nothing else: no block allocation, no inode (the file's
 * size does not change); it used to allocate blocks and write the inode for every batch. Each
 * append and each reset writes 8 zero bytes after the last record, where reading stops; records of
 * earlier generations behind them are never taken for this one's (the generation is in the CRC).
 * Journals of the first format ({@code MDFSJNL1}: an 8-byte header, the CRC over the body only,
 * truncated when emptied) are read, and rewritten in this one when emptied.
 */
public final class Journal implements AutoCloseable {
  private static final byte[] MAGIC_V1 =
      "MDFSJNL1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] MAGIC_V2 =
      "MDFSJNL2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int HEADER_V2 = 16;

  /** Zeros written after the last record: where reading stops when nothing was torn. */
  private static final int END_MARK = 8;

  /** Zeros for a record's head before it is known, and for the end mark. */
  private static final byte[] NO_HEAD = new byte[Math.max(8, END_MARK)];

  /** The record buffer is kept for the next batch up to this size. */
  private static final int KEEP_RECORD_BUFFER = 1 << 20;

  /** The journal's folder in a node's data folder. */
  public static Path dirOf(Path dataDir) {
    return dataDir.resolve("journal");
  }

  /** The journal's file name in its folder. */
  public static final String FILE = "meta.journal";

  /** Most bytes of one record (a batch of at most 256 mutations, files of at most 64 KiB). */
  static final int MAX_RECORD = 64 << 20;

  /**
   * The file grows by at least this much (zeros) when an append needs room, at most by GROW_MAX.
   */
  static final long GROW_MIN = 1L << 20;

  static final long GROW_MAX = 16L << 20;

  private final Path file;
  private final FileChannel channel;

  /** The generation of the records; 0 for a first-format journal (whose CRCs have none). */
  private long generation;

  /** Where records start: after the header. */
  private long start;

  /** The end of the last intact record: where the next one goes. */
  private long size;

  /** The file's length (zeros past {@link #size}). */
  private long length;

  private RecordBuffer record = new RecordBuffer();

  private Journal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Opens (or creates) the journal in a folder and finds the end of its intact records. A new
   * journal's header and directory entry are made durable before it is used.
   */
  public static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    boolean fresh = !Files.exists(file);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Journal j = new Journal(file, ch);
      if (fresh || ch.size() < MAGIC_V1.length) {
        ch.truncate(0);
        j.length = 0;
        j.writeHeader(1);
        ch.force(true);
        Fsync.directory(dir);
      } else {
        ByteBuffer h = ByteBuffer.allocate(HEADER_V2).order(ByteOrder.BIG_ENDIAN);
        readFully(ch, h.limit(MAGIC_V1.length), 0);
        byte[] magic = Arrays.copyOf(h.array(), MAGIC_V1.length);
        j.length = ch.size();
        if (Arrays.equals(magic, MAGIC_V1)) {
          j.generation = 0;
          j.start = MAGIC_V1.length;
        } else if (Arrays.equals(magic, MAGIC_V2) && j.length >= HEADER_V2) {
          readFully(ch, h.limit(HEADER_V2), MAGIC_V1.length);
          j.generation = h.getLong(MAGIC_V1.length);
          j.start = HEADER_V2;
        } else {
          throw new IOException(file + " is not a mediadfs metadata journal");
        }
        j.size = j.read(b -> {}).end();
      }
      return j;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    } catch (java.sql.SQLException e) {
      ch.close();
      throw new IOException(e); // a no-op visitor throws none
    }
  }

  /** Writes a second-format header of {@code gen} and an end mark at the start (not flushed). */
  private void writeHeader(long gen) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER_V2 + END_MARK).order(ByteOrder.BIG_ENDIAN);
    h.put(MAGIC_V2).putLong(gen).putLong(0).flip();
    writeFully(channel, h, 0);
    generation = gen;
    start = HEADER_V2;
    size = HEADER_V2;
    length = Math.max(length, HEADER_V2 + END_MARK);
  }

  /** The journal's path. */
  public Path file() {
    return file;
  }

  /** Bytes of the header and the intact records. */
  public long size() {
    return size;
  }

  /** True when no batch is recorded. */
  public boolean isEmpty() {
    return size <= start;
  }

  /**
   * Appends a batch and flushes it ({@code fdatasync}); when this returns, the batch survives a
   * crash. On failure the journal may hold a torn tail, which recovery ignores; the caller must
   * {@link #reset} before appending again.
   */
  public void append(Batch batch) throws IOException {
    RecordBuffer r = record;
    r.reset();
    r.write(NO_HEAD, 0, 8); // the length and the CRC, set below once the body is known
    batch.encodeTo(new DataOutputStream(r));
    int bodyLength = r.size() - 8;
    if (bodyLength > MAX_RECORD) {
      throw new IOException("journal record of " + bodyLength + " bytes is too large");
    }
    r.write(NO_HEAD, 0, END_MARK);
    long at = size;
    long end = at + 8 + bodyLength;
    if (end + END_MARK > length) {
      grow(end + END_MARK);
    }
    ByteBuffer bytes = r.bytes();
    bytes.putInt(0, bodyLength).putInt(4, crc(generation, bytes.array(), 8, bodyLength));
    writeFully(channel, bytes, at); // one write per batch (with the end mark), then one flush
    channel.force(false);
    size = end;
    if (r.capacity() > KEEP_RECORD_BUFFER) {
      record = new RecordBuffer(); // a batch of large held files; do not keep its megabytes
    }
  }

  /**
   * The bytes of the record being appended, reused from one batch to the next (a journal has one
   * writer): encoding each batch into a new stream and copying it out was a sixth of everything the
   * node allocated in small uploads.
   */
  private static final class RecordBuffer extends ByteArrayOutputStream {
    RecordBuffer() {
      super(64 << 10);
    }

    /** The bytes written so far, without a copy. */
    ByteBuffer bytes() {
      return ByteBuffer.wrap(buf, 0, count).order(ByteOrder.BIG_ENDIAN);
    }

    int capacity() {
      return buf.length;
    }
  }

  /**
   * Makes the file at least {@code end} bytes long with zeros: as much again as it is (at least
   * {@link #GROW_MIN}, at most {@link #GROW_MAX} more than needed). The next flush writes them with
   * the record, once.
   */
  private void grow(long end) throws IOException {
    long target = end + Math.clamp(length, GROW_MIN, GROW_MAX);
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(GROW_MIN, target - length));
    long at = length;
    while (at < target) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
      at += channel.write(zeros, at);
    }
    length = at;
  }

  /**
   * Empties the journal durably (after a checkpoint made everything in it redundant): a new
   * generation, whose header makes every record behind it stale.
   */
  public void reset() throws IOException {
    writeHeader(generation + 1);
    channel.force(false);
  }

  private static int crc(long generation, byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    if (generation != 0) {
      ByteBuffer g = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(generation).flip();
      c.update(g);
    }
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** Receives the batches of a journal, oldest first. */
  @FunctionalInterface
  public interface Visitor {
    void batch(Batch batch) throws IOException, java.sql.SQLException;
  }

  /**
   * Reads every intact batch, oldest first, one at a time (a journal may hold more than the heap);
   * reading stops at the first torn or corrupt record.
   *
   * @return the batches read and the bytes after the last intact one (a torn tail)
   * @throws IOException if the file cannot be read or an intact record cannot be decoded (a journal
   *     from another version)
   */
  public Scan read(Visitor visitor) throws IOException, java.sql.SQLException {
    long pos = start;
    long end = channel.size();
    int batches = 0;
    long ignored = 0;
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
    while (true) {
      if (end - pos < 8) {
        ignored = end - pos;
        break;
      }
      head.clear();
      readFully(channel, head, pos);
      head.flip();
      int len = head.getInt();
      int crc = head.getInt();
      if (len == 0 && crc == 0) {
        break; // the end mark every append and every reset leaves after the last record
      }
      if (len < 0 || len > MAX_RECORD || end - pos - 8 < len) {
        ignored = Math.min(end - pos, len > 0 && len <= MAX_RECORD ? 8L + len : 8);
        break; // a torn append
      }
      ByteBuffer body = ByteBuffer.allocate(len);
      readFully(channel, body, pos + 8);
      if (crc(generation, body.array(), 0, len) != crc) {
        ignored = 8L + len; // a torn or corrupt append
        break;
      }
      Batch b;
      try {
        b = Batch.decode(body.array());
      } catch (IOException | RuntimeException e) {
        throw new IOException("intact journal record at " + pos + " of " + file + ": " + e, e);
      }
      visitor.batch(b);
      batches++;
      pos += 8 + len;
    }
    return new Scan(batches, pos, ignored);
  }

  /**
   * What {@link #read} found.
   *
   * @param batches intact batches
   * @param end where the intact batches end
   * @param ignoredBytes bytes of a torn or corrupt record after them (a torn tail)
   */
  public record Scan(int batches, long end, long ignoredBytes) {}

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("journal ends early");
      }
      pos += n;
    }
  }

  /** One entry of a batch. */
  public sealed interface Entry {}

  /** A row's whole new state. */
  public record RowSet(FileRow row) implements Entry {}

  /** A row removed (a tombstone dropped). */
  public record RowGone(String userId, String fileId) implements Entry {}

  /** An entry of this node's replication log. */
  public record LogEntry(long seq, int op, FileMeta meta, long logTime) implements Entry {}

  /** A peer's cursor. */
  public record Cursor(String peerId, long seq, long time) implements Entry {}

  /**
   * The bytes of a small file stored by the batch (at {@code path} under the store root {@code
   * storeId}).
   */
  public record Data(
      String userId, String fileId, String storeId, String path, long crc32c, byte[] bytes)
      implements Entry {}

  /** One batch of the metadata writer. */
  public record Batch(List<Entry> entries) {
    private static final byte ROW = 1;
    private static final byte GONE = 2;
    private static final byte LOG = 3;
    private static final byte CURSOR = 4;
    private static final byte DATA = 5;

    public Batch {
      entries = List.copyOf(entries);
    }

    /** The batch's bytes, as {@link #decode} reads them. */
    byte[] encode() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      encodeTo(new DataOutputStream(bytes));
      return bytes.toByteArray();
    }

    void encodeTo(DataOutputStream out) throws IOException {
      out.writeInt(entries.size());
      for (Entry e : entries) {
        switch (e) {
          case RowSet r -> {
            out.writeByte(ROW);
            writeMeta(out, r.row().meta());
            out.writeUTF(r.row().storeId());
            out.writeInt(r.row().flags());
          }
          case RowGone g -> {
            out.writeByte(GONE);
            out.writeUTF(g.userId());
            out.writeUTF(g.fileId());
          }
          case LogEntry l -> {
            out.writeByte(LOG);
            out.writeLong(l.seq());
            out.writeInt(l.op());
            writeMeta(out, l.meta());
            out.writeLong(l.logTime());
          }
          case Cursor c -> {
            out.writeByte(CURSOR);
            out.writeUTF(c.peerId());
            out.writeLong(c.seq());
            out.writeLong(c.time());
          }
          case Data d -> {
            out.writeByte(DATA);
            out.writeUTF(d.userId());
            out.writeUTF(d.fileId());
            out.writeUTF(d.storeId());
            out.writeUTF(d.path());
            out.writeLong(d.crc32c());
            out.writeInt(d.bytes().length);
            out.write(d.bytes());
          }
        }
      }
      out.flush();
    }

    static Batch decode(byte[] body) throws IOException {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
      int n = in.readInt();
      if (n < 0 || n > body.length) {
        throw new IOException("journal record claims " + n + " entries");
      }
      List<Entry> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte kind = in.readByte();
        entries.add(
            switch (kind) {
              case ROW -> {
                FileMeta m = readMeta(in);
                yield new RowSet(new FileRow(m, in.readUTF(), in.readInt()));
              }
              case GONE -> new RowGone(in.readUTF(), in.readUTF());
              case LOG -> new LogEntry(in.readLong(), in.readInt(), readMeta(in), in.readLong());
              case CURSOR -> new Cursor(in.readUTF(), in.readLong(), in.readLong());
              case DATA -> {
                String user = in.readUTF();
                String id = in.readUTF();
                String store = in.readUTF();
                String path = in.readUTF();
                long crc = in.readLong();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                  throw new IOException("journal data entry claims " + len + " bytes");
                }
                byte[] b = new byte[len];
                in.readFully(b);
                yield new Data(user, id, store, path, crc, b);
              }
              default -> throw new IOException("unknown journal entry kind " + kind);
            });
      }
      return new Batch(entries);
    }

    private static void writeMeta(DataOutputStream out, FileMeta m) throws IOException {
      out.writeUTF(m.fileId());
      out.writeUTF(m.appId());
      out.writeUTF(m.userId());
      out.writeLong(m.size());
      out.writeLong(m.crc32c());
      out.writeUTF(m.contentType());
      out.writeInt(m.status().code());
      out.writeUTF(m.path());
      out.writeLong(m.createTime());
      out.writeLong(m.updateTime());
    }

    private static FileMeta readMeta(DataInputStream in) throws IOException {
      return new FileMeta(
          in.readUTF(),
          in.readUTF(),
          in.readUTF(),
          in.readLong(),
          in.readLong(),
          in.readUTF(),
          FileStatus.of(in.readInt()),
          in.readUTF(),
          in.readLong(),
          in.readLong());
    }
  }
}
