package org.mediadfs.tracker.infrastructure.jpa;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mediadfs.tracker.domain.RegisteredApp;
import org.mediadfs.tracker.domain.StorageNode;
import org.mediadfs.tracker.domain.TrackerGroup;
import org.mediadfs.tracker.domain.UserRoute;

/**
 * The tracker's JPA operations, written once for the container beans (JTA) and the resource-local
 * tests: each runs inside the caller's transaction.
 */
public final class MembershipQueries {
  private MembershipQueries() {}

  /** Inserts missing apps and groups. */
  public static void seed(EntityManager em, Collection<String> apps, Collection<String> groups) {
    Instant now = Instant.now();
    for (String a : apps) {
      if (em.find(RegisteredApp.class, a) == null) {
        em.persist(new RegisteredApp(a, now));
      }
    }
    for (String g : groups) {
      if (em.find(TrackerGroup.class, g) == null) {
        em.persist(new TrackerGroup(g, now));
      }
    }
    em.flush();
  }

  public static Set<String> groupNames(EntityManager em) {
    return new TreeSet<>(
        em.createQuery("select g.name from TrackerGroup g", String.class).getResultList());
  }

  public static Set<String> appIds(EntityManager em) {
    return new TreeSet<>(
        em.createQuery("select a.appId from RegisteredApp a", String.class).getResultList());
  }

  /** True if the group was created. */
  public static boolean registerGroup(EntityManager em, String name) {
    if (em.find(TrackerGroup.class, name) != null) {
      return false;
    }
    em.persist(new TrackerGroup(name, Instant.now()));
    em.flush();
    return true;
  }

  public static void recordJoin(EntityManager em, StorageNode.JoinRecord join) {
    StorageNode node = em.find(StorageNode.class, join.key().value());
    if (node == null) {
      em.persist(new StorageNode(join));
    } else {
      node.rejoin(join);
    }
    em.flush();
  }

  public static Optional<String> route(EntityManager em, String userId) {
    UserRoute r = em.find(UserRoute.class, userId);
    return r == null ? Optional.empty() : Optional.of(r.groupName());
  }

  /** Inserts a route; a unique-key violation surfaces at the flush. */
  public static void insertRoute(EntityManager em, String appId, String userId, String group) {
    em.persist(new UserRoute(appId, userId, group, Instant.now()));
    em.flush();
  }
}
