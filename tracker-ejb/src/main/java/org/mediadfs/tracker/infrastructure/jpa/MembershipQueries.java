package org.mediadfs.tracker.infrastructure.jpa;

import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mediadfs.tracker.application.Membership;
import org.mediadfs.tracker.domain.NodeKey;
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

  /** True if the app was created. */
  public static boolean registerApp(EntityManager em, String appId) {
    if (em.find(RegisteredApp.class, appId) != null) {
      return false;
    }
    em.persist(new RegisteredApp(appId, Instant.now()));
    em.flush();
    return true;
  }

  /**
   * Removes an empty group: the rows of nodes that left it, its user routes, then the group. The
   * decommission columns are not mapped by {@link StorageNode} (they are written by these native
   * statements only), so the entity never overwrites them.
   */
  public static Membership.GroupRemoval removeGroup(EntityManager em, String name) {
    TrackerGroup g = em.find(TrackerGroup.class, name);
    if (g == null) {
      return Membership.GroupRemoval.NOT_FOUND;
    }
    long members =
        ((Number)
                em.createNativeQuery(
                        "SELECT COUNT(*) FROM t_storage_nodes"
                            + " WHERE group_name = ?1 AND leave_time IS NULL")
                    .setParameter(1, name)
                    .getSingleResult())
            .longValue();
    if (members > 0) {
      return Membership.GroupRemoval.HAS_NODES;
    }
    em.createNativeQuery("DELETE FROM t_storage_nodes WHERE group_name = ?1")
        .setParameter(1, name)
        .executeUpdate();
    em.createQuery("delete from UserRoute r where r.groupName = :g")
        .setParameter("g", name)
        .executeUpdate();
    em.remove(g);
    em.flush();
    return Membership.GroupRemoval.REMOVED;
  }

  public static void markDecommissioned(EntityManager em, NodeKey key, Instant at) {
    em.flush();
    em.createNativeQuery(
            "UPDATE t_storage_nodes SET decommission_time = ?1"
                + " WHERE node_key = ?2 AND decommission_time IS NULL")
        .setParameter(1, Timestamp.from(at))
        .setParameter(2, key.value())
        .executeUpdate();
  }

  public static void markLeft(EntityManager em, NodeKey key, Instant at) {
    em.flush();
    em.createNativeQuery("UPDATE t_storage_nodes SET leave_time = ?1 WHERE node_key = ?2")
        .setParameter(1, Timestamp.from(at))
        .setParameter(2, key.value())
        .executeUpdate();
  }

  public static Set<String> decommissioning(EntityManager em) {
    Set<String> out = new TreeSet<>();
    for (Object k :
        em.createNativeQuery(
                "SELECT node_key FROM t_storage_nodes"
                    + " WHERE decommission_time IS NOT NULL AND leave_time IS NULL")
            .getResultList()) {
      out.add(k.toString());
    }
    return out;
  }

  public static boolean hasLeft(EntityManager em, NodeKey key) {
    return ((Number)
                em.createNativeQuery(
                        "SELECT COUNT(*) FROM t_storage_nodes"
                            + " WHERE node_key = ?1 AND leave_time IS NOT NULL")
                    .setParameter(1, key.value())
                    .getSingleResult())
            .longValue()
        > 0;
  }
}
