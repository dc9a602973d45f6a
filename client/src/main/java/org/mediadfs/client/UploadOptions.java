package org.mediadfs.client;

import java.util.Objects;

/**
 * Optional parts of an upload.
 *
 * @param fileId the file ID to store under, or empty to generate one as the original client did
 *     ({@link org.mediadfs.wire.FileIds#generate}); a given one must be a valid file ID
 * @param contentType the MIME type stored with the file, or empty (a {@code Path} upload then
 *     guesses it from the file name)
 * @param listener progress callback
 */
public record UploadOptions(String fileId, String contentType, TransferListener listener) {
  /** No file ID, no content type, no progress. */
  public static final UploadOptions DEFAULTS = new UploadOptions("", "", TransferListener.NONE);

  public UploadOptions {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(listener, "listener");
  }

  /** These options with a given file ID. */
  public UploadOptions withFileId(String id) {
    return new UploadOptions(id, contentType, listener);
  }

  /** These options with a content type. */
  public UploadOptions withContentType(String type) {
    return new UploadOptions(fileId, type, listener);
  }

  /** These options with a progress listener. */
  public UploadOptions withListener(TransferListener l) {
    return new UploadOptions(fileId, contentType, l);
  }
}
