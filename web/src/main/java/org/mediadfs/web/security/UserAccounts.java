package org.mediadfs.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.mediadfs.web.api.ApiException;
import org.mediadfs.web.db.DatabaseDefinition;
import org.mediadfs.web.db.WebSchema;

/**
 * The web tier's accounts ({@code t_web_users}, {@code t_web_user_roles}) and API tokens ({@code
 * t_web_tokens}): what the management API and the first-admin bootstrap change, and what the
 * identity store and the authentication mechanism read. Passwords are stored only as PBKDF2 hashes
 * ({@link Credentials#HASH_PARAMETERS}); tokens only as SHA-256 hashes. Every change clears the
 * credential cache, so a removed user or role stops working at once.
 */
@ApplicationScoped
public class UserAccounts {
  @Resource(lookup = DatabaseDefinition.JNDI)
  DataSource ds;

  @Inject Pbkdf2PasswordHash hash;
  @Inject CredentialCache cache;
  @Inject org.mediadfs.web.config.WebConfig config;

  Clock clock = Clock.systemUTC();

  @PostConstruct
  void init() {
    hash.initialize(Credentials.hashParameters(config.passwordIterations()));
  }

  /**
   * An account as shown by the API.
   *
   * @param username the name
   * @param roles its roles
   * @param created when it was created
   */
  public record Account(String username, Set<String> roles, Instant created) {
    public Account {
      roles = Set.copyOf(new TreeSet<>(roles));
    }
  }

  /** A token as shown by the API (never the token itself). */
  public record TokenInfo(
      String id, String username, String label, Instant created, Instant expires) {}

  /** Creates an account; 409 if the name is taken, 400 for a bad name, password or role. */
  @Transactional
  public Account create(String username, String password, Set<String> roles) {
    check(username, password, roles);
    Instant now = WebSchema.stored(clock.instant());
    try (Connection c = ds.getConnection()) {
      if (exists(c, username)) {
        throw ApiException.conflict("user " + username + " exists");
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO t_web_users (username, password_hash, create_time) VALUES (?, ?, ?)")) {
        p.setString(1, username);
        p.setString(2, hash.generate(password.toCharArray()));
        p.setTimestamp(3, Timestamp.from(now));
        p.executeUpdate();
      }
      insertRoles(c, username, roles);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create user " + username + ": " + e.getMessage(), e);
    } finally {
      cache.clear();
    }
    return new Account(username, roles, now);
  }

  /** Replaces a user's password; 404 if there is no such user. */
  @Transactional
  public void setPassword(String username, String password) {
    String problem = Credentials.passwordProblem(password);
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    int n =
        update(
            "UPDATE t_web_users SET password_hash = ? WHERE username = ?",
            hash.generate(password.toCharArray()),
            username);
    cache.clear();
    if (n == 0) {
      throw ApiException.notFound("no user " + username);
    }
  }

  /** Removes an account with its roles and tokens; false if there was none. */
  @Transactional
  public boolean delete(String username) {
    try (Connection c = ds.getConnection()) {
      for (String sql :
          List.of(
              "DELETE FROM t_web_tokens WHERE username = ?",
              "DELETE FROM t_web_user_roles WHERE username = ?")) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
          p.setString(1, username);
          p.executeUpdate();
        }
      }
      try (PreparedStatement p = c.prepareStatement("DELETE FROM t_web_users WHERE username = ?")) {
        p.setString(1, username);
        return p.executeUpdate() > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete user " + username + ": " + e.getMessage(), e);
    } finally {
      cache.clear();
    }
  }

  /** Every account, by name. */
  public List<Account> list() {
    List<Account> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT u.username, u.create_time, r.role_name FROM t_web_users u"
                    + " LEFT JOIN t_web_user_roles r ON r.username = u.username"
                    + " ORDER BY u.username, r.role_name");
        ResultSet r = p.executeQuery()) {
      String name = null;
      Instant created = null;
      Set<String> roles = new TreeSet<>();
      while (r.next()) {
        String n = r.getString(1);
        if (!n.equals(name)) {
          if (name != null) {
            out.add(new Account(name, roles, created));
          }
          name = n;
          created = r.getTimestamp(2).toInstant();
          roles = new TreeSet<>();
        }
        String role = r.getString(3);
        if (role != null) {
          roles.add(role);
        }
      }
      if (name != null) {
        out.add(new Account(name, roles, created));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list users: " + e.getMessage(), e);
    }
  }

  /** One account. */
  public Optional<Account> find(String username) {
    return list().stream().filter(a -> a.username().equals(username)).findFirst();
  }

  /** The roles of a user, or empty if there is no such user. */
  public Optional<Set<String>> roles(String username) {
    try (Connection c = ds.getConnection()) {
      if (!exists(c, username)) {
        return Optional.empty();
      }
      Set<String> roles = new TreeSet<>();
      try (PreparedStatement p =
          c.prepareStatement("SELECT role_name FROM t_web_user_roles WHERE username = ?")) {
        p.setString(1, username);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            roles.add(r.getString(1));
          }
        }
      }
      return Optional.of(roles);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read roles of " + username + ": " + e.getMessage(), e);
    }
  }

  /** True when some account has the admin role. */
  public boolean anyAdmin() {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement("SELECT COUNT(*) FROM t_web_user_roles WHERE role_name = ?")) {
      p.setString(1, Roles.ADMIN);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count admins: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ tokens

  /**
   * Creates an API token for a user and returns it (the only time it is visible).
   *
   * @param expires when it stops working, or null for never
   */
  @Transactional
  public String createToken(String username, String label, Instant expires) {
    if (label.length() > 128) {
      throw ApiException.badRequest("a token label has at most 128 characters");
    }
    String token = Credentials.newToken();
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO t_web_tokens (token_hash, username, label, create_time, expire_time)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      p.setString(1, Credentials.sha256(token));
      p.setString(2, username);
      p.setString(3, label);
      p.setTimestamp(4, Timestamp.from(Instant.now()));
      p.setTimestamp(5, expires == null ? null : Timestamp.from(expires));
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a token: " + e.getMessage(), e);
    }
    return token;
  }

  /** The user a token belongs to, if it exists and has not expired. */
  public Optional<String> tokenUser(String token) {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT username, expire_time FROM t_web_tokens WHERE token_hash = ?")) {
      p.setString(1, Credentials.sha256(token));
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Timestamp exp = r.getTimestamp(2);
        if (exp != null && exp.toInstant().isBefore(Instant.now())) {
          return Optional.empty();
        }
        return Optional.of(r.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check a token: " + e.getMessage(), e);
    }
  }

  /** A user's tokens; the ID is the first 12 hex digits of the hash. */
  public List<TokenInfo> tokens(String username) {
    List<TokenInfo> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT token_hash, label, create_time, expire_time FROM t_web_tokens"
                    + " WHERE username = ? ORDER BY create_time")) {
      p.setString(1, username);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          Timestamp exp = r.getTimestamp(4);
          out.add(
              new TokenInfo(
                  r.getString(1).substring(0, 12),
                  username,
                  r.getString(2),
                  r.getTimestamp(3).toInstant(),
                  exp == null ? null : exp.toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list tokens: " + e.getMessage(), e);
    }
  }

  /** Revokes one of a user's tokens by its ID; false if there is none. */
  @Transactional
  public boolean revokeToken(String username, String id) {
    if (!id.matches("[0-9a-f]{12}")) {
      return false;
    }
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "DELETE FROM t_web_tokens WHERE username = ? AND token_hash LIKE ?")) {
      p.setString(1, username);
      p.setString(2, id + "%");
      return p.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot revoke a token: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void check(String username, String password, Set<String> roles) {
    if (!Credentials.validUserName(username)) {
      throw ApiException.badRequest("a user name is 1-64 of A-Z a-z 0-9 . _ @ -");
    }
    String problem = Credentials.passwordProblem(password);
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
      throw ApiException.badRequest("roles must be among " + new TreeSet<>(Roles.ALL));
    }
  }

  private static boolean exists(Connection c, String username) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM t_web_users WHERE username = ?")) {
      p.setString(1, username);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private static void insertRoles(Connection c, String username, Set<String> roles)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO t_web_user_roles (username, role_name) VALUES (?, ?)")) {
      for (String role : new TreeSet<>(roles)) {
        p.setString(1, username);
        p.setString(2, role);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private int update(String sql, String a, String b) {
    try (Connection c = ds.getConnection();
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, a);
      p.setString(2, b);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("database update failed: " + e.getMessage(), e);
    }
  }
}
