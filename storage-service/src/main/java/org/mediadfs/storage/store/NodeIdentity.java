package org.mediadfs.storage.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The node's persisted identity (architecture decision 4): a UUID written once into {@code
 * <data-dir>/node.id} and never changed, so trackers and peers recognise the node across restarts
 * and address changes. A damaged file stops the start instead of silently minting a new identity
 * (that would orphan every row keyed by the old one).
 */
public final class NodeIdentity {
  /** Name of the file in the data folder. */
  public static final String FILE = "node.id";

  private static final String KIND = "node";
  private static final int VERSION = 1;

  private NodeIdentity() {}

  /**
   * Reads the node ID, creating it on first start.
   *
   * @throws IOException if the file exists but cannot be read or is corrupt
   */
  public static String loadOrCreate(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      try {
        String id = RecordFile.read(file, KIND, VERSION).get("node-id");
        UUID.fromString(id);
        return id;
      } catch (RecordFile.CorruptRecordException | IllegalArgumentException e) {
        throw new IOException(
            file
                + " is damaged ("
                + e.getMessage()
                + "); restore it from a backup or remove it"
                + " only if this node's metadata is to be abandoned",
            e);
      }
    }
    String id = UUID.randomUUID().toString();
    RecordFile.of(KIND, VERSION, Map.of("node-id", id, "created", Instant.now().toString()))
        .writeAtomically(file, true);
    return id;
  }
}
