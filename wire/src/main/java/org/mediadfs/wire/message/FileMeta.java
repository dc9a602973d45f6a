package org.mediadfs.wire.message;

import java.util.Objects;

/**
 * What a storage node knows of one file: STAT's answer, a LIST row, a replication log entry.
 *
 * @param fileId the client's file ID
 * @param appId the app that uploaded it
 * @param userId the owner
 * @param size bytes
 * @param crc32c CRC32C of the bytes, unsigned 32-bit
 * @param contentType MIME type given at upload, or empty
 * @param status active, deleted or purged
 * @param path path relative to the store root, the same on every member of the group
 * @param createTime epoch milliseconds of the upload
 * @param updateTime epoch milliseconds of the last status change
 */
public record FileMeta(
    String fileId,
    String appId,
    String userId,
    long size,
    long crc32c,
    String contentType,
    FileStatus status,
    String path,
    long createTime,
    long updateTime) {
  public FileMeta {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(path, "path");
  }
}
