package org.mediadfs.client;

import org.mediadfs.wire.message.HostPort;

/**
 * What an upload stored.
 *
 * @param fileId the file ID (generated or given)
 * @param size bytes stored
 * @param crc32c CRC32C of the bytes, as the node computed it and the client checked it
 * @param createTime epoch milliseconds the node recorded
 * @param groupName the group that holds the file
 * @param node the node that acknowledged it
 */
public record UploadResult(
    String fileId, long size, long crc32c, long createTime, String groupName, HostPort node) {}
