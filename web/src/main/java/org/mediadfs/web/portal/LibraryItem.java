package org.mediadfs.web.portal;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One row of "My library" or "Deleted items", ready to show (pages only escape and print).
 *
 * @param fileId the file ID (form values, links)
 * @param title the title
 * @param originalName the uploaded file's name
 * @param type the media type, or "unknown"
 * @param size the size, e.g. {@code 6.9 KiB}
 * @param sizeBytes the size in bytes (a tooltip)
 * @param date upload date, or deletion date in the deleted items
 * @param playable true when the watch page can play it
 */
public record LibraryItem(
    String fileId,
    String title,
    String originalName,
    String type,
    String size,
    long sizeBytes,
    String date,
    boolean playable) {
  /** The row of a catalog entry. */
  public static LibraryItem of(CatalogEntry e, ZoneId zone) {
    Instant when = e.deleted() ? e.deletedAt() : e.created();
    return new LibraryItem(
        e.fileId(),
        e.title(),
        e.originalName(),
        e.contentType().isEmpty() ? "unknown" : e.contentType(),
        Formats.size(e.size()),
        e.size(),
        Formats.dateTime(when, zone),
        e.playable());
  }
}
