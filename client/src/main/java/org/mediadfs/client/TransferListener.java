package org.mediadfs.client;

/**
 * Progress of an upload or download, called on the transferring thread after each chunk (at most
 * every 256 KiB). Implementations must be quick; the command line's progress bar redraws at most a
 * few times per second.
 */
@FunctionalInterface
public interface TransferListener {
  /** Nothing to report to. */
  TransferListener NONE = (done, total) -> {};

  /**
   * @param done bytes transferred so far
   * @param total bytes of the whole transfer
   */
  void progress(long done, long total);
}
