package org.mediadfs.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Set;
import javax.sql.DataSource;
import org.mediadfs.web.api.ApiException;
import org.mediadfs.web.config.WebConfig;
import org.mediadfs.web.db.DatabaseDefinition;
import org.mediadfs.web.db.WebSchema;

/**
 * Prepares the web tier when the application starts: migrates its tables ({@link WebSchema}),
 * creates the first admin if no account has the admin role, and loads the link keys (creating the
 * first one when they live in the database). A failure fails the deployment.
 *
 * <p>The first admin is {@code admin} with a random password written to {@code
 * <mediadfs.data-dir>/admin-password} (mode 600; {@code bin/mediadfs up} prints the path). The
 * password is never logged. Two instances starting on one database may both try: the loser finds
 * the name taken and leaves the winner's account alone.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebStartup {
  private static final System.Logger LOG = System.getLogger(WebStartup.class.getName());

  /** The first admin's user name. */
  public static final String FIRST_ADMIN = "admin";

  @Resource(lookup = DatabaseDefinition.JNDI)
  private DataSource dataSource;

  @Inject UserAccounts accounts;
  @Inject LinkKeys linkKeys;
  @Inject WebConfig config;

  @PostConstruct
  void start() {
    int ran = WebSchema.migrate(dataSource, WebStartup.class.getClassLoader());
    LOG.log(Level.INFO, () -> "web schema up to date (" + ran + " migrations applied)");
    firstAdmin();
    LOG.log(Level.INFO, () -> "signed links: " + linkKeys.keys().size() + " key(s)");
  }

  private void firstAdmin() {
    if (accounts.anyAdmin()) {
      return;
    }
    String password = Credentials.randomPassword();
    Path file;
    try {
      // The file first: an admin whose password nobody can read would lock everyone out.
      file = AdminPasswordFile.write(config.dataDir(), password);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write the first admin's password under " + config.dataDir() + ": " + e, e);
    }
    try {
      accounts.create(FIRST_ADMIN, password, Set.of(Roles.ADMIN));
      LOG.log(
          Level.INFO,
          () -> "created the first admin '" + FIRST_ADMIN + "'; its password is in " + file);
    } catch (ApiException e) {
      if (e.status() == 409) {
        // Another instance won the race, or an "admin" without the admin role exists: the
        // password just written is not that account's.
        LOG.log(Level.WARNING, () -> "user '" + FIRST_ADMIN + "' exists; no first admin created");
        try {
          java.nio.file.Files.deleteIfExists(file);
        } catch (IOException d) {
          LOG.log(Level.WARNING, () -> "cannot remove " + file + ": " + d);
        }
        return;
      }
      throw e;
    }
  }
}
