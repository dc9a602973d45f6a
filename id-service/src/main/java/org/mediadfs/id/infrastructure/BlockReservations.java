package org.mediadfs.id.infrastructure;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import org.mediadfs.id.application.IdBlock;
import org.mediadfs.id.domain.IdSequence;

/**
 * The one piece of SQL logic of the ID server, shared by the container bean ({@link
 * JpaBlockSource}, JTA) and the resource-local tests: inside the caller's transaction, lock the
 * key's row ({@code SELECT ... FOR UPDATE}), move it one block on, and return the block.
 *
 * <p>A key seen for the first time is inserted with its first block reserved. Two servers inserting
 * the same new key at once: one insert fails on the primary key and its transaction rolls back; the
 * caller retries and then finds (and locks) the row.
 */
public final class BlockReservations {
  private BlockReservations() {}

  /** Reserves the next block; must run inside an active transaction that commits after it. */
  public static IdBlock reserve(EntityManager em, String key, int size, Instant now) {
    IdSequence row = em.find(IdSequence.class, key, LockModeType.PESSIMISTIC_WRITE);
    if (row == null) {
      em.persist(new IdSequence(key, size, now));
      em.flush(); // a concurrent insert of the same key fails here, inside this transaction
      return new IdBlock(0, size);
    }
    return new IdBlock(row.reserve(size, now), size);
  }
}
