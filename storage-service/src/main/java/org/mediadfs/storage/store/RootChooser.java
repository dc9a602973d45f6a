package org.mediadfs.storage.store;

import java.util.List;
import java.util.OptionalInt;

/**
 * Which store root takes an upload: the writable one with the most room, where room is usable space
 * minus the reserved space minus the bytes of uploads already headed there. The original picked a
 * root at random, re-seeding the generator every call (seed bug 12). Pure, so it is unit-tested
 * without disks.
 */
public final class RootChooser {
  private RootChooser() {}

  /**
   * One root as seen at the moment of the choice.
   *
   * @param usableBytes usable bytes of its file system
   * @param reservedBytes bytes it must keep free
   * @param inFlightBytes bytes of unfinished uploads that chose it
   * @param readOnly true when it failed
   */
  public record Candidate(
      long usableBytes, long reservedBytes, long inFlightBytes, boolean readOnly) {
    /** Bytes an upload may still use, possibly negative. */
    public long room() {
      return usableBytes - reservedBytes - inFlightBytes;
    }
  }

  /**
   * The index of the chosen root, or empty when none has room for {@code size} bytes (DISK_FULL).
   * Ties go to the lower index, so the choice is deterministic.
   */
  public static OptionalInt choose(List<Candidate> candidates, long size) {
    int best = -1;
    long bestRoom = Long.MIN_VALUE;
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      if (c.readOnly()) {
        continue;
      }
      long room = c.room();
      if (room >= size && room > bestRoom) {
        best = i;
        bestRoom = room;
      }
    }
    return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }
}
