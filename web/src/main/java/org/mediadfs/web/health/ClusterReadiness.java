package org.mediadfs.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile readiness: the endpoints accept connections and the database answers. */
@Readiness
@ApplicationScoped
public class ClusterReadiness implements HealthCheck {
  @Inject HealthChecks checks;

  @Override
  public HealthCheckResponse call() {
    return EndpointsLiveness.response("mediadfs", checks.health(checks.all()));
  }
}
