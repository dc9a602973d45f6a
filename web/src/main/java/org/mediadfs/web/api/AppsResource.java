package org.mediadfs.web.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.mediadfs.tracker.application.TrackerException;
import org.mediadfs.tracker.infrastructure.endpoint.TrackerServer;
import org.mediadfs.web.security.Roles;

/** App IDs the tracker accepts (the original's {@code tnv_apps_id}). */
@Path("apps")
@RequestScoped
@RequireRole(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AppsResource {
  @Inject TrackerServer tracker;

  @Context UriInfo uri;

  /** Every registered app ID. */
  @GET
  public List<Views.AppView> list() {
    return tracker.service().registeredApps().stream().map(Views.AppView::new).toList();
  }

  /** Registers an app ID: 201, or 200 if it existed. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response add(Views.NewApp body) throws TrackerException {
    if (body == null || body.appId() == null) {
      throw ApiException.badRequest("an app needs an appId");
    }
    boolean created = tracker.service().addApp(body.appId());
    Views.AppView view = new Views.AppView(body.appId());
    return created
        ? Response.created(uri.getAbsolutePathBuilder().path(body.appId()).build())
            .entity(view)
            .build()
        : Response.ok(view).build();
  }
}
