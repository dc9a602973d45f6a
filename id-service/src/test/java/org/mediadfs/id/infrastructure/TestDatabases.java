package org.mediadfs.id.infrastructure;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.mediadfs.id.application.BlockSource;
import org.mediadfs.id.domain.IdSequence;

/**
 * Databases for integration tests outside the container: a uniquely named MariaDB database on this
 * machine's server (dropped by {@link Db#close()}), or an H2 file under {@code target/}. The ID
 * logic runs on them through resource-local Hibernate, exactly as in the container.
 */
final class TestDatabases {
  static final String MARIADB = "jdbc:mysql://127.0.0.1:3306/";

  private TestDatabases() {}

  /** A database with its URL, credentials and clean-up. */
  record Db(String url, String user, String password, Runnable drop) implements AutoCloseable {
    DataSource dataSource() {
      if (url.startsWith("jdbc:h2:")) {
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
      }
      com.mysql.cj.jdbc.MysqlDataSource ds = new com.mysql.cj.jdbc.MysqlDataSource();
      ds.setURL(url);
      ds.setUser(user);
      ds.setPassword(password);
      return ds;
    }

    /** A resource-local entity manager factory: one per simulated ID server. */
    EntityManagerFactory emf() {
      return new HibernatePersistenceConfiguration("mediadfs-id-it")
          .managedClass(IdSequence.class)
          .jdbcUrl(url)
          .jdbcCredentials(user, password)
          .property("hibernate.dialect_resolvers", MariaDbDialectResolver.class.getName())
          .property("hibernate.jdbc.time_zone", "UTC")
          .property("hibernate.type.preferred_instant_jdbc_type", "TIMESTAMP")
          .property("hibernate.connection.pool_size", "24")
          .createEntityManagerFactory();
    }

    @Override
    public void close() {
      drop.run();
    }
  }

  /** A fresh MariaDB database named {@code mediadfs_it_<random>}. */
  static Db mariaDb() throws SQLException {
    String name = "mediadfs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(MARIADB, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    return new Db(
        MARIADB + name,
        "root",
        "",
        () -> {
          try (Connection c = DriverManager.getConnection(MARIADB, "root", "");
              Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
          } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + name, e);
          }
        });
  }

  /** A fresh H2 file database under {@code target/}. */
  static Db h2() {
    Path file = Path.of("target", "it-h2", UUID.randomUUID().toString(), "ids").toAbsolutePath();
    return new Db("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", () -> {});
  }

  /** The container's {@link JpaBlockSource}, resource-local: one transaction per reservation. */
  static BlockSource blocks(EntityManagerFactory emf) {
    return (key, size) -> {
      EntityManager em = emf.createEntityManager();
      EntityTransaction tx = em.getTransaction();
      try (em) {
        tx.begin();
        var b = BlockReservations.reserve(em, key, size, Instant.now());
        tx.commit();
        return b;
      } catch (RuntimeException e) {
        if (tx.isActive()) {
          tx.rollback();
        }
        throw e;
      }
    };
  }
}
