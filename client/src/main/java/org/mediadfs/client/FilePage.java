package org.mediadfs.client;

import java.util.List;
import java.util.Objects;
import org.mediadfs.wire.message.FileMeta;
import org.mediadfs.wire.message.HostPort;

/**
 * One page of a node's file list (LIST), ordered by file ID.
 *
 * @param files the rows
 * @param next the file ID to pass as {@code after} for the next page; empty after the last page
 * @param node the node that answered
 */
public record FilePage(List<FileMeta> files, String next, HostPort node) {
  public FilePage {
    files = List.copyOf(files);
    Objects.requireNonNull(next, "next");
  }

  /** True when another page follows. */
  public boolean hasMore() {
    return !next.isEmpty();
  }
}
