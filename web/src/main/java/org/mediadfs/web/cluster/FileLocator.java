package org.mediadfs.web.cluster;

import java.util.Optional;

/**
 * Knows who owns a file, given only its ID: the portal's catalog (issue 8) implements it as a CDI
 * bean. The storage protocol names a file by app, user and file ID, while a stream URL carries only
 * the file ID; with the owner known, the stream goes straight to the user's group. Implementations
 * must be thread-safe and fast (a lookup per stream request that misses {@link FileDirectory}'s
 * cache), and return empty rather than throw for an unknown ID.
 */
public interface FileLocator {
  /** The owner of a file, if this locator knows it. */
  Optional<FileOwner> ownerOf(String fileId);

  /**
   * A file's owner as the protocol names it.
   *
   * @param appId the app ID the file was uploaded under
   * @param userId the user ID (selects the group and the node's table)
   */
  record FileOwner(String appId, String userId) {}
}
