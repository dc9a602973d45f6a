package org.mediadfs.wire.message;

/**
 * How far a node is behind one peer's replication log.
 *
 * @param peerNodeId the peer
 * @param entries log entries not yet applied
 * @param bytes bytes of files not yet copied
 */
public record PeerLag(String peerNodeId, long entries, long bytes) {}
