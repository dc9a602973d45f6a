package org.mediadfs.storage.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.mediadfs.storage.StorageConfig;
import org.mediadfs.wire.message.RootStat;

/**
 * The node's store roots, by {@code store.id}. Hands out {@link Reservation}s so that concurrent
 * uploads account for each other's bytes when checking the reserved space.
 */
public final class StoreRoots {
  private final List<StoreRoot> roots;
  private final Map<String, StoreRoot> byId = new LinkedHashMap<>();
  private final InFlight placing = new InFlight();

  private StoreRoots(List<StoreRoot> roots) {
    this.roots = List.copyOf(roots);
    for (StoreRoot r : roots) {
      if (byId.put(r.storeId(), r) != null) {
        throw new IllegalStateException(
            "two store roots share store.id " + r.storeId() + " (copied folder?): " + r.path());
      }
    }
  }

  /** Opens every configured root; see {@link StoreRoot#open}. */
  public static StoreRoots open(List<StorageConfig.RootSpec> specs, boolean cleanTmp)
      throws IOException {
    List<StoreRoot> out = new ArrayList<>();
    for (StorageConfig.RootSpec s : specs) {
      out.add(StoreRoot.open(s.path(), s.reservedBytes(), cleanTmp));
    }
    return new StoreRoots(out);
  }

  /** Files placed in the layout whose rows are not committed yet (the reconcile leaves them). */
  public InFlight placing() {
    return placing;
  }

  /** Every root, in configuration order. */
  public List<StoreRoot> all() {
    return roots;
  }

  /** The root with this {@code store.id}, if configured. */
  public Optional<StoreRoot> byId(String storeId) {
    return Optional.ofNullable(byId.get(storeId));
  }

  /** Heartbeat view of every root. */
  public List<RootStat> stats() {
    return roots.stream().map(StoreRoot::stat).toList();
  }

  /**
   * Picks the root for an upload of {@code size} bytes and books the bytes on it.
   *
   * @return empty when no writable root has room (DISK_FULL)
   */
  public synchronized Optional<Reservation> reserve(long size) {
    List<RootChooser.Candidate> cs = new ArrayList<>(roots.size());
    for (StoreRoot r : roots) {
      cs.add(r.candidate());
    }
    OptionalInt i = RootChooser.choose(cs, size);
    if (i.isEmpty()) {
      return Optional.empty();
    }
    StoreRoot r = roots.get(i.getAsInt());
    r.inFlight().addAndGet(size);
    return Optional.of(new Reservation(r, size));
  }

  /** Bytes booked on a root for one upload; released when the upload ends, whatever the outcome. */
  public static final class Reservation implements AutoCloseable {
    private final StoreRoot root;
    private final long size;
    private boolean released;

    Reservation(StoreRoot root, long size) {
      this.root = root;
      this.size = size;
    }

    /** The chosen root. */
    public StoreRoot root() {
      return root;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        root.inFlight().addAndGet(-size);
      }
    }
  }
}
