package org.mediadfs.storage.repl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.mediadfs.storage.maint.RateLimiter;
import org.mediadfs.storage.meta.FileRow;
import org.mediadfs.storage.meta.MetaWriter;
import org.mediadfs.storage.meta.MetadataStore;
import org.mediadfs.storage.meta.Mutation;
import org.mediadfs.storage.meta.Outcome;
import org.mediadfs.storage.server.StorageService;
import org.mediadfs.storage.store.Durability;
import org.mediadfs.storage.store.Fsync;
import org.mediadfs.storage.store.Sidecar;
import org.mediadfs.storage.store.StoreRoot;
import org.mediadfs.storage.store.StoreRoots;
import org.mediadfs.wire.ErrorReplyException;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.FileStatus;
import org.mediadfs.wire.message.IdBlock;

/**
 * Applies a file state learned from a peer to this node: decides ({@link Versions}), fetches the
 * bytes when the decision needs them, and commits the row, its entry in this node's log and the
 * peer's cursor through the metadata writer's group commit. The one path for live replication,
 * catch-up, full resync, repair of missing bytes and read repair.
 *
 * <p>Fetched bytes follow the upload's durability order: a temporary file (CRC32C and size checked
 * against the peer's metadata on the way, the copy paced by a {@link RateLimiter}), forced (large
 * files) or covered by the writer's per-batch flush, renamed to the same relative path the peer
 * uses, then the row is committed; a refused commit removes them again.
 *
 * <p>Invariants: changes of one file ID are applied one at a time (a per-file slot shared by every
 * puller and read repair), so a decision always sees the previous change committed; the caller's
 * thread fetches, the commit completes asynchronously, so a puller keeps fetching while earlier
 * rows commit in one batch.
 */
public final class Applier implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Applier.class.getName());
  private static final int CHUNK = 64 * 1024;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** How an application ended. */
  public enum Kind {
    /** Committed. */
    APPLIED,
    /** Nothing to do: this node has that state or a newer one. */
    SKIPPED,
    /** The source no longer has that version active; a later change of the source follows. */
    STALE,
    /** No source had intact bytes; nothing changed (a pure repair) . */
    UNAVAILABLE,
    /** The row changed while the bytes were fetched, or the cursor moved: decide again. */
    RETRY
  }

  /**
   * The end of one application.
   *
   * @param row the row committed (APPLIED) or found (SKIPPED)
   */
  public record Result(Kind kind, Optional<FileRow> row) {
    static Result of(Kind k) {
      return new Result(k, Optional.empty());
    }
  }

  /**
   * Bytes under their final name, not yet committed.
   *
   * @param found true when they were already there (not fetched): never removed on a refusal
   */
  private record Staged(StoreRoot root, Path target, Set<Path> dirs, boolean found) {}

  /** Outcome of fetching from one peer. */
  private sealed interface Fetch {
    record Got(Staged staged) implements Fetch {}

    record Stale() implements Fetch {}

    record NotIntact() implements Fetch {}
  }

  private final String selfId;
  private final StoreRoots roots;
  private final MetadataStore store;
  private final MetaWriter writer;
  private final Durability durability;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> slots =
      new ConcurrentHashMap<>();
  private final ExecutorService after = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong bytesCopied = new AtomicLong();
  private final AtomicLong filesCopied = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong firstCopyNanos = new AtomicLong();
  private final AtomicLong lastCopyNanos = new AtomicLong();

  public Applier(
      String selfId,
      StoreRoots roots,
      MetadataStore store,
      MetaWriter writer,
      Durability durability,
      Clock clock) {
    this.selfId = selfId;
    this.roots = roots;
    this.store = store;
    this.writer = writer;
    this.durability = durability;
    this.clock = clock;
  }

  /**
   * Bytes and files copied from peers so far, conflicts resolved, and the {@link System#nanoTime}
   * of the first and the latest copied chunk (0 before any): the copy rate for figures and tests.
   */
  public long[] stats() {
    return new long[] {
      bytesCopied.get(),
      filesCopied.get(),
      conflicts.get(),
      firstCopyNanos.get(),
      lastCopyNanos.get()
    };
  }

  /**
   * Applies a peer's state of one file. Blocks while fetching; the returned future completes when
   * the commit is done.
   *
   * @param remote the peer's metadata of the file
   * @param from the peer that reported it (the first source of bytes)
   * @param alternates other peers to ask when {@code from} has no intact copy
   * @param limiter paces the copy
   * @param cursor called when a mutation is submitted: the cursor move to commit with it
   * @throws IOException when {@code from} cannot be reached or the transfer failed
   */
  public CompletableFuture<Result> apply(
      FileMeta remote,
      PeerClient from,
      List<PeerClient> alternates,
      RateLimiter limiter,
      Supplier<Optional<Mutation.CursorMove>> cursor)
      throws IOException, InterruptedException {
    return apply(remote, from, alternates, limiter, cursor, true);
  }

  /**
   * {@link #apply(FileMeta, PeerClient, List, RateLimiter, Supplier)}; with {@code withBytes} false
   * an active file is taken as a row flagged missing, without copying its bytes (a client deletes a
   * file this member has not received yet: the bytes would only be thrown away; they are fetched
   * later if it is restored).
   */
  public CompletableFuture<Result> apply(
      FileMeta remote,
      PeerClient from,
      List<PeerClient> alternates,
      RateLimiter limiter,
      Supplier<Optional<Mutation.CursorMove>> cursor,
      boolean withBytes)
      throws IOException, InterruptedException {
    CompletableFuture<Void> slot = acquire(remote.fileId());
    boolean handedOver = false;
    Staged staged = null;
    Optional<FileRow> decidedOn = Optional.empty();
    try {
      Optional<FileRow> local = find(remote.userId(), remote.fileId());
      decidedOn = local;
      Versions.Decision d = Versions.decide(local, remote, selfId, from.peerId());
      if (!(d instanceof Versions.Adopt a)) {
        if (((Versions.Skip) d).conflict()) {
          conflicts.incrementAndGet();
          LOG.log(
              System.Logger.Level.WARNING,
              "conflict on file {0}: this node''s version (created {1}, crc {2}) wins over the"
                  + " one of peer {3} (created {4}, crc {5})",
              remote.fileId(),
              local.get().meta().createTime(),
              Long.toHexString(local.get().meta().crc32c()),
              from.peerId(),
              remote.createTime(),
              Long.toHexString(remote.crc32c()));
        }
        return CompletableFuture.completedFuture(new Result(Kind.SKIPPED, local));
      }
      int flags = a.flags();
      if (a.needBytes() && !withBytes) {
        if (a.log().isEmpty()) {
          return CompletableFuture.completedFuture(new Result(Kind.SKIPPED, local));
        }
        flags = FileRow.FLAG_MISSING;
      } else if (a.needBytes()) {
        Optional<FileRow> sameLocal = local.filter(l -> Versions.sameVersion(l.meta(), a.target()));
        Optional<Staged> present = alreadyThere(a.target(), sameLocal);
        Fetch f =
            present.isPresent()
                ? new Fetch.Got(present.get())
                : fetchAny(a.target(), sameLocal, a.displaced(), from, alternates, limiter);
        switch (f) {
          case Fetch.Got g -> {
            staged = g.staged();
            flags = 0;
          }
          case Fetch.Stale s -> {
            return CompletableFuture.completedFuture(Result.of(Kind.STALE));
          }
          case Fetch.NotIntact n -> {
            if (a.log().isEmpty()) {
              return CompletableFuture.completedFuture(Result.of(Kind.UNAVAILABLE));
            }
            flags = FileRow.FLAG_MISSING; // the state is taken now, the bytes later
          }
        }
      }
      String storeId = storeIdFor(a, local, staged);
      FileRow row = new FileRow(a.target(), storeId, flags);
      if (staged != null) {
        writeSidecar(staged.target(), row);
      }
      Mutation.Apply m =
          new Mutation.Apply(
              row, local, a.log(), staged == null ? Set.of() : staged.dirs(), cursor.get());
      Staged committedStaged = staged;
      CompletableFuture<Result> done =
          writer
              .submit(m)
              .handleAsync(
                  (outcome, error) -> {
                    try {
                      return finish(a, local, row, committedStaged, outcome, error, from);
                    } finally {
                      release(remote.fileId(), slot);
                    }
                  },
                  after);
      handedOver = true;
      return done;
    } catch (ChangedMeanwhile e) {
      LOG.log(
          System.Logger.Level.INFO,
          "{0}; deciding again (this node had {1}, the peer {2})",
          e.getMessage(),
          decidedOn,
          remote);
      return CompletableFuture.completedFuture(Result.of(Kind.RETRY));
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (staged != null) {
        discard(staged);
      }
      throw e;
    } finally {
      if (!handedOver) {
        release(remote.fileId(), slot);
      }
    }
  }

  private Optional<FileRow> find(String userId, String fileId) throws IOException {
    try {
      return store.find(userId, fileId);
    } catch (SQLException e) {
      throw new IOException("reading the row of file " + fileId + " failed: " + e, e);
    }
  }

  private Result finish(
      Versions.Adopt a,
      Optional<FileRow> local,
      FileRow row,
      Staged staged,
      Outcome outcome,
      Throwable error,
      PeerClient from) {
    if (error != null) {
      if (staged != null) {
        discard(staged);
      }
      throw new java.util.concurrent.CompletionException(error);
    }
    switch (outcome) {
      case Outcome.Refused r -> {
        if (staged != null) {
          discard(staged);
        }
        return Result.of(Kind.RETRY);
      }
      case Outcome.Applied ok -> {
        if (staged != null) {
          roots.placing().remove(staged.target());
          if (!staged.found()) {
            filesCopied.incrementAndGet();
          }
        }
        afterCommit(a, local, row, staged, from);
        return new Result(Kind.APPLIED, Optional.of(row));
      }
    }
  }

  /** Brings the bytes in line with a committed change: quarantine a loser, purge, sidecar. */
  private void afterCommit(
      Versions.Adopt a, Optional<FileRow> local, FileRow row, Staged staged, PeerClient from) {
    if (a.displaced().isPresent()) {
      FileRow loser = a.displaced().get();
      boolean overwritten =
          staged != null
              && staged.root().storeId().equals(loser.storeId())
              && loser.meta().path().equals(row.meta().path());
      Path moved = overwritten ? null : quarantine(loser);
      if (a.conflict()) {
        conflicts.incrementAndGet();
      }
      LOG.log(
          a.conflict() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
          (a.conflict()
                  ? "conflict on file {0}: the version of peer {1} (created {2}, crc {3}) wins"
                  : "file {0} was uploaded to two members (a retry): the later state, from peer"
                      + " {1} (created {2}, crc {3}), replaces")
              + " this node''s (created {4}, crc {5}); this node''s bytes quarantined at {6}",
          row.fileId(),
          from.peerId(),
          row.meta().createTime(),
          Long.toHexString(row.meta().crc32c()),
          loser.meta().createTime(),
          Long.toHexString(loser.meta().crc32c()),
          moved);
    }
    if (staged != null) {
      return; // its sidecar was written before the commit
    }
    Optional<StoreRoot> root = roots.byId(row.storeId());
    if (root.isEmpty()) {
      return;
    }
    Path p = root.get().resolve(row.meta().path());
    if (row.status() == FileStatus.PURGED) {
      if (local.isPresent() && Versions.sameVersion(local.get().meta(), row.meta())) {
        StorageService.removeBytes(p);
      }
    } else if (Files.exists(p)) {
      writeSidecar(p, row);
    }
  }

  /** The store root a row names: where its bytes are, or would go. */
  private String storeIdFor(Versions.Adopt a, Optional<FileRow> local, Staged staged) {
    if (staged != null) {
      return staged.root().storeId();
    }
    if (local.isPresent() && Versions.sameVersion(local.get().meta(), a.target())) {
      return local.get().storeId();
    }
    return roots.all().stream()
        .filter(r -> !r.isReadOnly())
        .findFirst()
        .orElse(roots.all().getFirst())
        .storeId();
  }

  /**
   * Fetches {@code target} from {@code from}, or from an alternate that has the same version intact
   * when {@code from} has no intact copy.
   */
  private Fetch fetchAny(
      FileMeta target,
      Optional<FileRow> sameLocal,
      Optional<FileRow> displaced,
      PeerClient from,
      List<PeerClient> alternates,
      RateLimiter limiter)
      throws IOException, InterruptedException {
    Fetch f = fetchFrom(from, target, sameLocal, displaced, limiter);
    if (!(f instanceof Fetch.NotIntact)) {
      return f;
    }
    IdBlock ids = new IdBlock(target.appId(), target.userId(), target.fileId());
    for (PeerClient alt : alternates) {
      try {
        Optional<FileMeta> m = alt.stat(ids);
        if (m.isPresent()
            && m.get().status() == FileStatus.ACTIVE
            && Versions.sameVersion(m.get(), target)) {
          Fetch g = fetchFrom(alt, target, sameLocal, displaced, limiter);
          if (g instanceof Fetch.Got) {
            return g;
          }
        }
      } catch (IOException | ErrorReplyException e) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "peer {0} cannot give file {1}: {2}",
            alt.peerId(),
            target.fileId(),
            e.toString());
      }
    }
    return f;
  }

  private Fetch fetchFrom(
      PeerClient peer,
      FileMeta target,
      Optional<FileRow> sameLocal,
      Optional<FileRow> displaced,
      RateLimiter limiter)
      throws IOException, InterruptedException {
    try {
      return peer.fetch(
          target.userId(),
          target.fileId(),
          (meta, in) -> {
            if (meta.status() != FileStatus.ACTIVE || !Versions.sameVersion(meta, target)) {
              return new Fetch.Stale(); // the connection is dropped with the unread bytes
            }
            try {
              return new Fetch.Got(receive(target, in, sameLocal, displaced, limiter));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.io.InterruptedIOException("interrupted while copying");
            }
          });
    } catch (ErrorReplyException e) {
      return switch (e.code()) {
        case NOT_FOUND, DELETED -> new Fetch.Stale();
        case NOT_HERE_YET -> new Fetch.NotIntact();
        default ->
            throw new IOException(
                "peer " + peer.peerId() + " refused file " + target.fileId() + ": " + e, e);
      };
    } catch (java.io.InterruptedIOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while copying file " + target.fileId());
      }
      throw e;
    }
  }

  /** Streams a peer's bytes into place: temporary file, checks, force, rename, sidecar. */
  private Staged receive(
      FileMeta target,
      InputStream in,
      Optional<FileRow> sameLocal,
      Optional<FileRow> displaced,
      RateLimiter limiter)
      throws IOException, InterruptedException {
    StoreRoot kept =
        sameLocal.flatMap(l -> roots.byId(l.storeId())).filter(r -> !r.isReadOnly()).orElse(null);
    StoreRoots.Reservation reservation =
        kept != null
            ? null
            : roots
                .reserve(target.size())
                .orElseThrow(
                    () ->
                        new IOException(
                            "no store root has room for file "
                                + target.fileId()
                                + " of "
                                + target.size()
                                + " bytes"));
    StoreRoot root = kept != null ? kept : reservation.root();
    Path tmp = root.newTmpFile();
    boolean placed = false;
    try (reservation) {
      CRC32C crc = new CRC32C();
      long left = target.size();
      try (FileChannel out =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1, left))];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (left > 0) {
          int want = (int) Math.min(buf.length, left);
          limiter.acquire(want);
          int n = in.readNBytes(buf, 0, want);
          if (n < want) {
            throw new IOException(
                "peer sent " + (target.size() - left + n) + " of " + target.size() + " bytes");
          }
          crc.update(buf, 0, n);
          bb.clear().limit(n);
          while (bb.hasRemaining()) {
            out.write(bb);
          }
          left -= n;
          bytesCopied.addAndGet(n);
          long t = System.nanoTime();
          firstCopyNanos.compareAndSet(0, t);
          lastCopyNanos.set(t);
        }
        if (crc.getValue() != target.crc32c()) {
          throw new IOException(
              String.format(
                  "file %s from a peer has CRC32C %08x, its metadata says %08x",
                  target.fileId(), crc.getValue(), target.crc32c()));
        }
        if (durability.uploadForces(target.size())) {
          out.force(false);
        }
      }
      Path dest = root.resolve(target.path());
      Set<Path> dirs = new LinkedHashSet<>(Fsync.createDirectories(root.path(), dest.getParent()));
      dirs.add(dest.getParent());
      if (Files.exists(dest)) {
        clearWay(root, dest, target, sameLocal, displaced);
      }
      roots.placing().add(dest);
      try {
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        roots.placing().remove(dest);
        throw e;
      }
      placed = true;
      return new Staged(root, dest, dirs, false);
    } finally {
      if (!placed) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Something is already at the path a fetched file goes to: this node's broken copy of the same
   * version (replaced), the loser of a conflict or a file no row names (both quarantined first), or
   * another row's file (refused: never overwrite a live file).
   */
  private void clearWay(
      StoreRoot root,
      Path dest,
      FileMeta target,
      Optional<FileRow> sameLocal,
      Optional<FileRow> displaced)
      throws IOException {
    if (sameLocal.isPresent() && sameLocal.get().storeId().equals(root.storeId())) {
      return; // our own missing/corrupt copy: replaced by the rename
    }
    Optional<FileRow> owner;
    try {
      owner = store.findByPath(root.storeId(), target.path());
    } catch (SQLException e) {
      throw new IOException("cannot check who owns " + dest + ": " + e, e);
    }
    boolean loser =
        displaced.isPresent()
            && owner.isPresent()
            && owner.get().fileId().equals(displaced.get().fileId());
    if (owner.isPresent() && !loser && owner.get().fileId().equals(target.fileId())) {
      // A row of this very file names the path now, though none did when this application
      // decided: its state changed meanwhile; decide again rather than refuse or write over bytes
      // a committed row names. (ReplicationIT met this again and again for one file when H2 kept
      // answering the decision's lookup from a stale result: see Database.withoutReusedResults.)
      throw new ChangedMeanwhile(
          "file "
              + target.fileId()
              + " got a row at "
              + target.path()
              + " while it was fetched (row "
              + owner.get()
              + "; decided on "
              + sameLocal
              + ", displacing "
              + displaced
              + ")");
    }
    if (owner.isPresent() && !loser) {
      throw new IOException(
          "path "
              + target.path()
              + " of file "
              + target.fileId()
              + " holds file "
              + owner.get().fileId());
    }
    Path moved = moveToQuarantine(root, dest, target.path());
    LOG.log(
        System.Logger.Level.WARNING,
        "file {0} arrives at {1}, which held other bytes: moved to {2}",
        target.fileId(),
        dest,
        moved);
  }

  /** The file's row changed while this application fetched it: decide again. */
  private static final class ChangedMeanwhile extends IOException {
    ChangedMeanwhile(String message) {
      super(message);
    }
  }

  private Path quarantine(FileRow loser) {
    Optional<StoreRoot> root = roots.byId(loser.storeId());
    if (root.isEmpty()) {
      return null;
    }
    Path p = root.get().resolve(loser.meta().path());
    if (!Files.exists(p)) {
      return null;
    }
    try {
      return moveToQuarantine(root.get(), p, loser.meta().path());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot quarantine " + p, e);
      return null;
    }
  }

  private Path moveToQuarantine(StoreRoot root, Path file, String rel) throws IOException {
    Path dest = root.quarantineDir().resolve(STAMP.format(clock.instant())).resolve(rel);
    Files.createDirectories(dest.getParent());
    Files.move(file, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Sidecar.moveWith(file, dest);
    return dest;
  }

  private void writeSidecar(Path data, FileRow row) {
    try {
      Sidecar.write(data, row, selfId);
    } catch (IOException e) {
      // A recovery aid only: the reconcile writes it again from the row.
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot write the sidecar of file {0} at {1}: {2}",
          row.fileId(),
          data,
          e.toString());
    }
  }

  /** A staged file whose commit did not happen: removed (unless it was found there). */
  private void discard(Staged s) {
    if (!s.found()) {
      StorageService.removeBytes(s.target());
    }
    roots.placing().remove(s.target());
  }

  /**
   * The version's bytes may already be on a store root at its path, intact, with no row naming
   * them: the database was lost or rebuilt, or a crash came between the rename and the commit.
   * Taking them saves copying them again (and quarantining them first).
   */
  private Optional<Staged> alreadyThere(FileMeta target, Optional<FileRow> sameLocal)
      throws IOException {
    for (StoreRoot root : roots.all()) {
      Path p = root.resolve(target.path());
      if (!Files.isRegularFile(p) || Files.size(p) != target.size()) {
        continue;
      }
      boolean ours = sameLocal.isPresent() && sameLocal.get().storeId().equals(root.storeId());
      if (ours && sameLocal.get().flags() != 0) {
        continue; // this row's own copy was found missing or corrupt: fetch a good one
      }
      try {
        Optional<FileRow> owner = store.findByPath(root.storeId(), target.path());
        if (owner.isPresent() && !ours) {
          continue;
        }
      } catch (SQLException e) {
        throw new IOException("cannot check who owns " + p + ": " + e, e);
      }
      CRC32C crc = new CRC32C();
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        while (ch.read(buf.clear()) > 0) {
          crc.update(buf.flip());
        }
        if (crc.getValue() != target.crc32c()) {
          continue;
        }
        ch.force(false);
      }
      LOG.log(
          System.Logger.Level.INFO,
          "file {0}: its bytes are already at {1}; taken without copying",
          target.fileId(),
          p);
      roots.placing().add(p);
      return Optional.of(new Staged(root, p, Set.of(p.getParent()), true));
    }
    return Optional.empty();
  }

  private CompletableFuture<Void> acquire(String fileId) throws InterruptedException {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    while (true) {
      CompletableFuture<Void> busy = slots.putIfAbsent(fileId, mine);
      if (busy == null) {
        return mine;
      }
      try {
        busy.get();
      } catch (java.util.concurrent.ExecutionException e) {
        // Released with an error is still released.
      }
    }
  }

  private void release(String fileId, CompletableFuture<Void> slot) {
    slots.remove(fileId, slot);
    slot.complete(null);
  }

  @Override
  public void close() {
    after.close();
  }
}
