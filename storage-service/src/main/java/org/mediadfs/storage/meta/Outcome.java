package org.mediadfs.storage.meta;

import java.util.Optional;
import org.mediadfs.wire.ErrorCode;

/** What became of a {@link Mutation}: committed durably, or refused by a rule. */
public sealed interface Outcome {
  /**
   * Committed and durable.
   *
   * @param before the row before the change, if there was one
   * @param after the row after the change; empty when the row was removed
   * @param seq the replication-log sequence number written, or 0 when nothing was logged
   */
  record Applied(Optional<FileRow> before, Optional<FileRow> after, long seq) implements Outcome {}

  /** Not applied: the request breaks a rule (duplicate ID, file deleted, not found...). */
  record Refused(ErrorCode code, String text) implements Outcome {}
}
