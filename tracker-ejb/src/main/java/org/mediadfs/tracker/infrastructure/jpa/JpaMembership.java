package org.mediadfs.tracker.infrastructure.jpa;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.mediadfs.tracker.application.Membership;
import org.mediadfs.tracker.domain.NodeKey;
import org.mediadfs.tracker.domain.StorageNode;

/** {@link Membership} with JPA, each call in its own container transaction. */
@Stateless
@LocalBean
public class JpaMembership implements Membership {
  @PersistenceContext(unitName = "mediadfs-tracker")
  private EntityManager em;

  @Override
  public void seed(Collection<String> apps, Collection<String> groups) {
    MembershipQueries.seed(em, apps, groups);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Set<String> groupNames() {
    return MembershipQueries.groupNames(em);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Set<String> appIds() {
    return MembershipQueries.appIds(em);
  }

  @Override
  public boolean registerGroup(String name) {
    return MembershipQueries.registerGroup(em, name);
  }

  @Override
  public void recordJoin(StorageNode.JoinRecord join) {
    MembershipQueries.recordJoin(em, join);
  }

  @Override
  public boolean registerApp(String appId) {
    return MembershipQueries.registerApp(em, appId);
  }

  @Override
  public GroupRemoval removeGroup(String name) {
    return MembershipQueries.removeGroup(em, name);
  }

  @Override
  public void markDecommissioned(NodeKey key, Instant at) {
    MembershipQueries.markDecommissioned(em, key, at);
  }

  @Override
  public void markLeft(NodeKey key, Instant at) {
    MembershipQueries.markLeft(em, key, at);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public Set<String> decommissioning() {
    return MembershipQueries.decommissioning(em);
  }

  @Override
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public boolean hasLeft(NodeKey key) {
    return MembershipQueries.hasLeft(em, key);
  }
}
