package org.mediadfs.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.mediadfs.web.api.Views;

/** MicroProfile liveness: the tracker and ID endpoints accept connections. */
@Liveness
@ApplicationScoped
public class EndpointsLiveness implements HealthCheck {
  @Inject HealthChecks checks;

  @Override
  public HealthCheckResponse call() {
    return response("mediadfs-endpoints", checks.health(checks.endpoints()));
  }

  static HealthCheckResponse response(String name, Views.Health h) {
    HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(h.status().equals("UP"));
    for (Views.Check c : h.checks()) {
      b.withData(c.name(), c.status() + " (" + c.detail() + ")");
    }
    return b.build();
  }
}
