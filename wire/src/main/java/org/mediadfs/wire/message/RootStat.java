package org.mediadfs.wire.message;

/**
 * One store root of a node, as reported in the extended heartbeat.
 *
 * @param storeId the root's {@code store.id}
 * @param totalBytes size of the file system
 * @param freeBytes usable bytes minus the reserved space (never negative)
 * @param readOnly true when the root failed and takes no uploads
 */
public record RootStat(String storeId, long totalBytes, long freeBytes, boolean readOnly) {}
