package org.mediadfs.web.portal;

import java.time.Instant;
import java.util.Objects;

/**
 * One file of the portal's catalog ({@code t_web_catalog}): what people see of a file the cluster
 * stores. The cluster names the file by {@code appId}, {@code owner} (its user ID) and {@code
 * fileId}.
 *
 * @param fileId the cluster's file ID
 * @param appId the app ID it was uploaded under
 * @param owner the portal user who uploaded it, also its user ID in the cluster
 * @param title what the library shows (the name without its extension)
 * @param originalName the name of the uploaded file (the stream URL's download name)
 * @param contentType the stored media type, empty when unknown
 * @param size bytes
 * @param created when it was uploaded
 * @param updated when the row last changed (upload, delete, restore)
 * @param deleted true when deleted (soft: restorable until purged)
 * @param deletedAt when it was deleted, null when it is not
 */
public record CatalogEntry(
    String fileId,
    String appId,
    String owner,
    String title,
    String originalName,
    String contentType,
    long size,
    Instant created,
    Instant updated,
    boolean deleted,
    Instant deletedAt) {
  public CatalogEntry {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(originalName, "originalName");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    if (deleted != (deletedAt != null)) {
      throw new IllegalArgumentException("deletedAt is set exactly when the file is deleted");
    }
  }

  /** True for a type a {@code <video>} element may play (audio included: it plays there too). */
  public boolean playable() {
    return contentType.startsWith("video/") || contentType.startsWith("audio/");
  }
}
