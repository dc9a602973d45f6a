package org.mediadfs.web.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.mediadfs.web.health.HealthChecks;

/**
 * {@code GET /api/health}: public, 200 with {@code "UP"} when the tracker and ID endpoints accept
 * connections and the database answers, else 503 with the failing checks (for load balancers that
 * do not speak MicroProfile Health).
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
  @Inject HealthChecks checks;

  @GET
  public Response health() {
    Views.Health h = checks.health(checks.all());
    return Response.status(h.status().equals("UP") ? 200 : 503).entity(h).build();
  }
}
