package org.mediadfs.id.infrastructure;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import org.mediadfs.id.application.BlockSource;
import org.mediadfs.id.application.IdBlock;

/**
 * Reserves ID blocks in the database, each in a transaction of its own ({@code REQUIRES_NEW}), so
 * the row lock is held only for the reservation and the block is durable before any of its IDs is
 * handed out.
 */
@Stateless
@LocalBean
public class JpaBlockSource implements BlockSource {
  @PersistenceContext(unitName = "mediadfs-id")
  private EntityManager em;

  @Override
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public IdBlock reserve(String key, int size) {
    return BlockReservations.reserve(em, key, size, Instant.now());
  }
}
