package org.mediadfs.id.infrastructure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Picks {@link MariaDBDialect} when mysql-connector-j talks to MariaDB. The driver reports the
 * product as "MySQL" and the version as {@code 5.5.5-10.11.x-MariaDB}, so Hibernate's own
 * resolution would choose a MySQL 5.5 dialect, which Hibernate 7 does not support. Every other
 * database falls through to Hibernate's standard resolution (returning null).
 */
public final class MariaDbDialectResolver implements DialectResolver {
  private static final Pattern MARIADB = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)-MariaDB");

  @Override
  public Dialect resolveDialect(DialectResolutionInfo info) {
    String version = info.getDatabaseVersion();
    if (version == null) {
      return null;
    }
    Matcher m = MARIADB.matcher(version);
    if (!m.find()) {
      return null;
    }
    return new MariaDBDialect(
        DatabaseVersion.make(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
  }
}
