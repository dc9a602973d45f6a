package org.mediadfs.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mediadfs.web.db.WebSchema;

/** Accounts against the web tables in an H2 database in memory. */
class UserAccountsTest {
  private final JdbcDataSource ds = new JdbcDataSource();
  private final UserAccounts accounts = new UserAccounts();

  @BeforeEach
  void database() {
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    WebSchema.migrate(ds, getClass().getClassLoader());
    accounts.ds = ds;
    accounts.hash = new NotAHash();
    accounts.cache = new CredentialCache();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  @Test
  void aNewAccountIsAnsweredWithTheCreationTimeThatLaterReadsReturn() {
    accounts.clock = Clock.fixed(Instant.parse("2026-11-26T12:00:15.171834777Z"), ZoneOffset.UTC);
    UserAccounts.Account made =
        accounts.create("alice", "long enough password", Set.of(Roles.USER));
    assertThat(accounts.find("alice"))
        .get()
        .extracting(UserAccounts.Account::created)
        .isEqualTo(made.created());
    assertThat(made.created()).isEqualTo(Instant.parse("2026-11-26T12:00:15.171Z"));
  }

  /** Stands in for PBKDF2, which these tests do not exercise. */
  private static final class NotAHash implements Pbkdf2PasswordHash {
    @Override
    public String generate(char[] password) {
      return "plain:" + new String(password);
    }

    @Override
    public boolean verify(char[] password, String hashedPassword) {
      return hashedPassword.equals(generate(password));
    }
  }
}
