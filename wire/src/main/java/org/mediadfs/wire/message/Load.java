package org.mediadfs.wire.message;

/**
 * A node's load, as reported in the extended heartbeat.
 *
 * @param connections open client connections
 * @param bytesInPerSecond received bytes per second, recent average
 * @param bytesOutPerSecond sent bytes per second, recent average
 */
public record Load(int connections, long bytesInPerSecond, long bytesOutPerSecond) {
  /** No load. */
  public static final Load IDLE = new Load(0, 0, 0);
}
