package org.mediadfs.wire.message;

/** A member of a group, as the tracker lists it in the extended heartbeat reply. */
public record Member(String nodeId, String host, int port, NodeStatus status) {}
