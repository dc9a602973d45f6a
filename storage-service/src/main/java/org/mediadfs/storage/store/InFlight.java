package org.mediadfs.storage.store;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data files that are in their final place but whose row is not committed yet (an upload, or a copy
 * from a peer, between its rename and its commit). The reconcile never quarantines them: a file's
 * modification time is that of its last write, not of its rename, so with a short quarantine grace
 * it could otherwise look old and row-less in that moment and be moved away from under an upload
 * that is about to be acknowledged. Thread-safe.
 *
 * <p>Protocol: {@link #add} before the rename; {@link #remove} after the commit, or after the file
 * was removed again when the commit failed.
 */
public final class InFlight {
  private final Set<Path> paths = ConcurrentHashMap.newKeySet();

  /** Marks a file as placed-but-not-committed. */
  public void add(Path file) {
    paths.add(file.toAbsolutePath().normalize());
  }

  /** The file's row is committed (or the file is gone). */
  public void remove(Path file) {
    paths.remove(file.toAbsolutePath().normalize());
  }

  /** True while the file is between its rename and its commit. */
  public boolean contains(Path file) {
    return paths.contains(file.toAbsolutePath().normalize());
  }
}
