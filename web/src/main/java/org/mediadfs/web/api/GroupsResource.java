package org.mediadfs.web.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mediadfs.tracker.application.TrackerException;
import org.mediadfs.tracker.infrastructure.endpoint.TrackerServer;
import org.mediadfs.web.security.Roles;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.Response.Nodes;

/**
 * Groups: list them with their nodes, create one, remove an empty one. Groups live in the tracker's
 * tables; this instance's tracker applies the change (other trackers re-read the registered groups
 * within a second of needing them).
 */
@Path("groups")
@RequestScoped
@RequireRole(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class GroupsResource {
  @Inject TrackerServer tracker;

  @Context UriInfo uri;

  /** Every registered group with the nodes this tracker knows, in name order. */
  @GET
  public List<Views.GroupView> list() {
    Map<String, List<NodeInfo>> byGroup = new TreeMap<>();
    for (String g : tracker.service().registeredGroups()) {
      byGroup.put(g, new ArrayList<>());
    }
    for (NodeInfo n : nodes()) {
      byGroup.computeIfAbsent(n.groupName(), g -> new ArrayList<>()).add(n);
    }
    List<Views.GroupView> out = new ArrayList<>();
    byGroup.forEach(
        (g, ns) ->
            out.add(
                new Views.GroupView(
                    g,
                    ns.size(),
                    (int) ns.stream().filter(n -> n.status() == NodeStatus.ACTIVE).count(),
                    ns.stream().map(Views::node).toList())));
    return out;
  }

  /** Creates a group: 201, or 200 if it existed. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(Views.NewGroup body) throws TrackerException {
    if (body == null || body.name() == null) {
      throw ApiException.badRequest("a group needs a name");
    }
    boolean created = tracker.service().createGroup(body.name());
    Views.GroupView view = new Views.GroupView(body.name(), 0, 0, List.of());
    return created
        ? Response.created(uri.getAbsolutePathBuilder().path(body.name()).build())
            .entity(view)
            .build()
        : Response.ok(view).build();
  }

  /** Removes an empty group: 204; 404 unknown, 409 when it has nodes. */
  @DELETE
  @Path("{name}")
  public Response remove(@PathParam("name") String name) throws TrackerException {
    tracker.service().removeGroup(name);
    return Response.noContent().build();
  }

  private List<NodeInfo> nodes() {
    return ((Nodes) tracker.service().nodes()).nodes();
  }
}
