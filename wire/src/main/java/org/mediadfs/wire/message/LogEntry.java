package org.mediadfs.wire.message;

/**
 * One entry of a node's durable replication log.
 *
 * @param seq strictly increasing per node, from 1
 * @param op what happened
 * @param meta the file's metadata after the operation
 */
public record LogEntry(long seq, LogOp op, FileMeta meta) {}
