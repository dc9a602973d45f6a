package org.mediadfs.tracker.infrastructure.jpa;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import org.mediadfs.tracker.application.RouteStore;

/**
 * {@link RouteStore} with JPA. A first route is inserted in a transaction of its own ({@code
 * REQUIRES_NEW}): it commits (or fails on the unique key) before the caller reads it back, so a
 * losing request never keeps a rolled-back route.
 */
@Stateless
@LocalBean
public class JpaRouteStore implements RouteStore {
  @PersistenceContext(unitName = "mediadfs-tracker")
  private EntityManager em;

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Optional<String> find(String userId) {
    return MembershipQueries.route(em, userId);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void insert(String appId, String userId, String groupName) {
    MembershipQueries.insertRoute(em, appId, userId, groupName);
  }
}
