package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.mediadfs.wire.StoragePaths;
import org.mediadfs.wire.message.RootStat;

/**
 * One store root (a disk). Files lie directly under it in the original's layout ({@code
 * 000/000/001/649E782B_0A3}); {@code tmp/} holds uploads in progress and {@code quarantine/} the
 * files found without a metadata row. {@code store.id} names the root, so rows keep pointing at the
 * right disk when mount points change.
 *
 * <p>Invariants: once {@link #markReadOnly read-only} a root takes no upload until restart; {@link
 * #inFlight()} counts the bytes of uploads that chose this root and have not finished, so
 * concurrent uploads cannot together overrun the reserved space.
 */
public final class StoreRoot {
  /** Name of the identity file in each root. */
  public static final String STORE_ID_FILE = "store.id";

  /** Folder of uploads in progress. */
  public static final String TMP = "tmp";

  /** Folder of files found without a row. */
  public static final String QUARANTINE = "quarantine";

  private static final System.Logger LOG = System.getLogger(StoreRoot.class.getName());
  private static final String KIND = "store";

  private final Path path;
  private final String storeId;
  private final long reservedBytes;
  private final FileStore fileStore;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicReference<String> readOnlyReason = new AtomicReference<>();
  private final boolean created;
  private final java.util.Set<Path> knownFolders =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile long usableReadNanos;
  private volatile long usableRead;

  /**
   * Upload placement reuses a free-space reading this long, while the root has at least {@link
   * #PLENTY} of room: a {@code statfs} per upload cost about 1% of a node's time, and no upload can
   * eat {@link #PLENTY} in this time. Near the limit every placement reads it afresh.
   */
  private static final long USABLE_REUSE_NANOS = 50_000_000L;

  /** Room above which a recent free-space reading is good enough for placement. */
  static final long PLENTY = 1L << 30;

  /** Layout folders remembered as existing (per root; cleared when it holds this many). */
  private static final int KNOWN_FOLDERS_MAX = 256;

  private StoreRoot(
      Path path, String storeId, long reservedBytes, FileStore fileStore, boolean created) {
    this.path = path;
    this.storeId = storeId;
    this.reservedBytes = reservedBytes;
    this.fileStore = fileStore;
    this.created = created;
  }

  /**
   * Opens a root: creates it on first use (with a new {@code store.id}), checks that it is
   * writable, and (when {@code cleanTmp}) empties {@code tmp/}: uploads that were interrupted by a
   * crash were never acknowledged. A root that fails any of this is opened read-only, never
   * silently skipped. Tools that may run beside a live node ({@code fsck} in MySQL mode) pass
   * false.
   */
  public static StoreRoot open(Path path, long reservedBytes, boolean cleanTmp) throws IOException {
    Files.createDirectories(path);
    Path idFile = path.resolve(STORE_ID_FILE);
    String storeId;
    boolean created = false;
    if (Files.exists(idFile)) {
      try {
        storeId = RecordFile.read(idFile, KIND, 1).get("store-id");
      } catch (RecordFile.CorruptRecordException e) {
        throw new IOException(idFile + " is damaged: " + e.getMessage(), e);
      }
    } else {
      storeId = UUID.randomUUID().toString();
      created = true;
      RecordFile.of(KIND, 1, Map.of("store-id", storeId, "created", Instant.now().toString()))
          .writeAtomically(idFile, true);
    }
    StoreRoot root = new StoreRoot(path, storeId, reservedBytes, Files.getFileStore(path), created);
    try {
      Files.createDirectories(root.tmpDir());
      Files.createDirectories(root.quarantineDir());
      int removed = 0;
      try (var s = cleanTmp ? Files.list(root.tmpDir()) : java.util.stream.Stream.<Path>empty()) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
      if (removed > 0) {
        LOG.log(
            System.Logger.Level.INFO,
            "store root {0}: removed {1} unfinished upload file(s)",
            path,
            removed);
      }
      Path probe = Files.createTempFile(root.tmpDir(), "probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      root.markReadOnly("not writable at start: " + e);
    }
    return root;
  }

  /**
   * True when this start gave the root its {@code store.id}: a new disk, or one that was wiped
   * (then replication fetches its files again, issue 5).
   */
  public boolean createdNow() {
    return created;
  }

  /** The root folder. */
  public Path path() {
    return path;
  }

  /** The root's {@code store.id}. */
  public String storeId() {
    return storeId;
  }

  /** Bytes kept free. */
  public long reservedBytes() {
    return reservedBytes;
  }

  /** Folder of uploads in progress. */
  public Path tmpDir() {
    return path.resolve(TMP);
  }

  /**
   * This process's prefix for temporary names: its PID and start time, so that two processes never
   * pick the same name (a random UUID per upload read {@code /dev/urandom} under a lock: 3% of the
   * upload thread's time).
   */
  private static final String TMP_PREFIX =
      ProcessHandle.current().pid() + "-" + Long.toHexString(System.currentTimeMillis()) + "-";

  private static final java.util.concurrent.atomic.AtomicLong TMP_COUNTER =
      new java.util.concurrent.atomic.AtomicLong();

  /** A name in {@link #tmpDir} no other upload of any process uses (the file is not created). */
  public Path newTmpFile() {
    return tmpDir().resolve(TMP_PREFIX + TMP_COUNTER.incrementAndGet() + ".part");
  }

  /** Folder of quarantined files. */
  public Path quarantineDir() {
    return path.resolve(QUARANTINE);
  }

  /**
   * The absolute path of a layout path under this root.
   *
   * @throws IllegalArgumentException if {@code relative} is not a layout path (no {@code ..}
   *     tricks)
   */
  public Path resolve(String relative) {
    if (!StoragePaths.isLayoutPath(relative)) {
      throw new IllegalArgumentException("not a layout path: " + relative);
    }
    return path.resolve(relative);
  }

  /** Usable bytes of the file system right now (0 if it cannot be read). */
  public long usableBytes() {
    try {
      return fileStore.getUsableSpace();
    } catch (IOException e) {
      markReadOnly("cannot read free space: " + e);
      return 0;
    }
  }

  /** Total size of the file system (0 if it cannot be read). */
  public long totalBytes() {
    try {
      return fileStore.getTotalSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Usable minus reserved, never negative: what the heartbeat reports as free. */
  public long freeBytes() {
    return Math.max(0, usableBytes() - reservedBytes);
  }

  /** Bytes of unfinished uploads on this root. */
  public AtomicLong inFlight() {
    return inFlight;
  }

  /** True once the root failed; it then takes no uploads. */
  public boolean isReadOnly() {
    return readOnlyReason.get() != null;
  }

  /** Why the root is read-only, or null. */
  public String readOnlyReason() {
    return readOnlyReason.get();
  }

  /** Excludes the root from uploads after an I/O failure; logged once. */
  public void markReadOnly(String reason) {
    if (readOnlyReason.compareAndSet(null, reason)) {
      LOG.log(
          System.Logger.Level.ERROR,
          "store root {0} ({1}) is now read-only: {2}",
          path,
          storeId,
          reason);
    }
  }

  /** The state the heartbeat reports. */
  public RootStat stat() {
    return new RootStat(storeId, totalBytes(), freeBytes(), isReadOnly());
  }

  /** A snapshot for {@link RootChooser}. */
  RootChooser.Candidate candidate() {
    long now = System.nanoTime();
    long usable = usableRead;
    if (now - usableReadNanos > USABLE_REUSE_NANOS
        || usable - reservedBytes - inFlight.get() < PLENTY) {
      usable = usableBytes();
      usableRead = usable;
      usableReadNanos = now;
    }
    return new RootChooser.Candidate(usable, reservedBytes, inFlight.get(), isReadOnly());
  }

  /**
   * True if a layout folder was seen to exist here lately, so an upload need not look it up (a
   * {@code stat} per upload). A folder removed behind the node's back shows up as a failed rename
   * into it; the upload then calls {@link #forgetFolders} and creates it again.
   */
  public boolean knownFolder(Path dir) {
    return knownFolders.contains(dir);
  }

  /** Remembers that a layout folder exists. */
  public void folderExists(Path dir) {
    if (knownFolders.size() >= KNOWN_FOLDERS_MAX) {
      knownFolders.clear();
    }
    knownFolders.add(dir);
  }

  /** Forgets every remembered folder (one of them was found missing). */
  public void forgetFolders() {
    knownFolders.clear();
  }

  @Override
  public String toString() {
    return "StoreRoot[" + path + ", " + storeId + (isReadOnly() ? ", read-only" : "") + "]";
  }
}
