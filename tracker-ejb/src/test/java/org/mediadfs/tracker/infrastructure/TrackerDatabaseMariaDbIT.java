package org.mediadfs.tracker.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.MysqlDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.tracker.application.RouteStore;
import org.mediadfs.tracker.application.Router;
import org.mediadfs.tracker.domain.NodeKey;
import org.mediadfs.tracker.domain.RegisteredApp;
import org.mediadfs.tracker.domain.StorageNode;
import org.mediadfs.tracker.domain.TrackerGroup;
import org.mediadfs.tracker.domain.UserRoute;
import org.mediadfs.tracker.infrastructure.cache.CaffeineRouteCache;
import org.mediadfs.tracker.infrastructure.jpa.MariaDbDialectResolver;
import org.mediadfs.tracker.infrastructure.jpa.MembershipQueries;
import org.mediadfs.tracker.infrastructure.jpa.TrackerSchema;

/**
 * The tracker's tables on this machine's MariaDB (a uniquely named database, dropped after):
 * migrations, idempotent seeding, durable joins, and the sticky route under a race of two trackers
 * (seed bug 13: every request for one new user ends up in one group, with one row).
 */
class TrackerDatabaseMariaDbIT {
  private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

  private String name;
  private MysqlDataSource ds;
  private final List<EntityManagerFactory> emfs = new ArrayList<>();

  @BeforeEach
  void create() throws Exception {
    name = "mediadfs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(SERVER, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    ds = new MysqlDataSource();
    ds.setURL(SERVER + name);
    ds.setUser("root");
    ds.setPassword("");
    assertThat(TrackerSchema.migrate(ds, getClass().getClassLoader())).isEqualTo(2); // V1, V2
  }

  @AfterEach
  void drop() throws Exception {
    emfs.forEach(EntityManagerFactory::close);
    try (Connection c = DriverManager.getConnection(SERVER, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    }
  }

  private EntityManagerFactory emf() {
    EntityManagerFactory emf =
        new HibernatePersistenceConfiguration("mediadfs-tracker-it")
            .managedClasses(
                TrackerGroup.class, RegisteredApp.class, StorageNode.class, UserRoute.class)
            .jdbcUrl(SERVER + name)
            .jdbcCredentials("root", "")
            .property("hibernate.dialect_resolvers", MariaDbDialectResolver.class.getName())
            .property("hibernate.jdbc.time_zone", "UTC")
            .property("hibernate.type.preferred_instant_jdbc_type", "TIMESTAMP")
            .property("hibernate.connection.pool_size", "20")
            .createEntityManagerFactory();
    emfs.add(emf);
    return emf;
  }

  private static <T> T tx(EntityManagerFactory emf, Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try (em) {
      tx.begin();
      T r = work.apply(em);
      tx.commit();
      return r;
    } catch (RuntimeException e) {
      if (tx.isActive()) {
        tx.rollback();
      }
      throw e;
    }
  }

  /** The container's JpaRouteStore, resource-local: the insert commits in its own transaction. */
  private static RouteStore routes(EntityManagerFactory emf) {
    return new RouteStore() {
      @Override
      public Optional<String> find(String userId) {
        return tx(emf, em -> MembershipQueries.route(em, userId));
      }

      @Override
      public void insert(String appId, String userId, String groupName) {
        tx(
            emf,
            em -> {
              MembershipQueries.insertRoute(em, appId, userId, groupName);
              return null;
            });
      }
    };
  }

  @Test
  void seedingIsIdempotentAndTheDatabaseStaysTheTruth() {
    EntityManagerFactory emf = emf();
    tx(
        emf,
        em -> {
          MembershipQueries.seed(em, List.of("tnvideo"), List.of("group001", "group002"));
          return null;
        });
    tx(
        emf,
        em -> {
          MembershipQueries.registerGroup(em, "group003");
          return null;
        });
    tx(
        emf,
        em -> {
          MembershipQueries.seed(em, List.of("tnvideo", "other"), List.of("group001"));
          return null;
        });
    assertThat(tx(emf, MembershipQueries::groupNames))
        .containsExactly("group001", "group002", "group003");
    assertThat(tx(emf, MembershipQueries::appIds)).containsExactly("other", "tnvideo");
  }

  @Test
  void joinsAreDurableWithFirstAndLastJoinTimes() throws Exception {
    EntityManagerFactory emf = emf();
    tx(
        emf,
        em -> {
          MembershipQueries.seed(em, List.of(), List.of("group001"));
          return null;
        });
    NodeKey key = new NodeKey.Legacy("group001", "vm", "127.0.0.1", 23001);
    Instant first = Instant.parse("2026-11-26T12:00:00Z");
    Instant later = first.plus(Duration.ofHours(1));
    for (Instant at : List.of(first, later)) {
      tx(
          emf,
          em -> {
            MembershipQueries.recordJoin(
                em, new StorageNode.JoinRecord(key, "", "1.0", "vm", "127.0.0.1", 23001, 1, at));
            return null;
          });
    }
    StorageNode n = tx(emf, em -> em.find(StorageNode.class, key.value()));
    assertThat(n.firstJoin()).isEqualTo(first);
    assertThat(n.lastJoin()).isEqualTo(later);
    assertThat(n.joinCount()).isEqualTo(2);
  }

  @Test
  void twoTrackersRoutingOneNewUserAtOnceAgreeOnOneGroup() throws Exception {
    Router[] trackers = {
      new Router(routes(emf()), new CaffeineRouteCache(Duration.ofMinutes(1), 1000)),
      new Router(routes(emf()), new CaffeineRouteCache(Duration.ofMinutes(1), 1000))
    };
    int threads = 12;
    for (int round = 0; round < 5; round++) {
      String user = "user-" + round;
      Set<String> answers = ConcurrentHashMap.newKeySet();
      CountDownLatch go = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Router r = trackers[t % 2];
          String proposal = "group00" + (t % 3 + 1); // every thread would pick another group
          fs.add(
              pool.submit(
                  () -> {
                    go.await();
                    answers.add(r.groupOf("tnvideo", user, () -> Optional.of(proposal)));
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : fs) {
          f.get();
        }
      }
      assertThat(answers).as("one group for %s", user).hasSize(1);
      try (Connection c = ds.getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT COUNT(*), MIN(group_name) FROM t_router WHERE user_id = '"
                          + user
                          + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo(answers.iterator().next());
      }
    }
  }

  @Test
  void userIdsAreCaseSensitiveAndUtf8() throws Exception {
    EntityManagerFactory emf = emf();
    Router r = new Router(routes(emf), new CaffeineRouteCache(Duration.ofMinutes(1), 10));
    assertThat(r.groupOf("tnvideo", "Tnv001", () -> Optional.of("group001"))).isEqualTo("group001");
    assertThat(r.groupOf("tnvideo", "tnv001", () -> Optional.of("group002"))).isEqualTo("group002");
    assertThat(r.groupOf("tnvideo", "用户😀", () -> Optional.of("group002"))).isEqualTo("group002");
    assertThat(routes(emf).find("用户😀")).contains("group002");
  }
}
