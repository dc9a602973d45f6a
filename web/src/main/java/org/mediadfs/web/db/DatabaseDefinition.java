package org.mediadfs.web.db;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * Defines the application's pooled, transactional datasource {@value #JNDI} for the whole WAR (the
 * tracker and ID persistence units and their Flyway migrations use it). The physical connections
 * come from {@link ConfiguredDataSource}, which reads {@code mediadfs.db.*} from MicroProfile
 * Config; the pool is the container's. The annotation sits on a bean because the container only
 * reads resource definitions from component classes; the bean itself does nothing.
 */
@Singleton
@DataSourceDefinition(
    name = DatabaseDefinition.JNDI,
    className = "org.mediadfs.web.db.ConfiguredDataSource",
    minPoolSize = 2,
    maxPoolSize = 64,
    initialPoolSize = 2,
    maxIdleTime = 300,
    transactional = true,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=meta-data",
      "fish.payara.fail-all-connections=true"
    })
public class DatabaseDefinition {
  /** The datasource every persistence unit of the application names. */
  public static final String JNDI = "java:app/jdbc/mediadfs";
}
