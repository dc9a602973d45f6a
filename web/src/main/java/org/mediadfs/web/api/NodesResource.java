package org.mediadfs.web.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.mediadfs.tracker.application.TrackerException;
import org.mediadfs.tracker.infrastructure.endpoint.TrackerServer;
import org.mediadfs.web.security.Roles;
import org.mediadfs.wire.message.NodeInfo;
import org.mediadfs.wire.message.Response.Nodes;

/**
 * Storage nodes as this instance's tracker sees them now (in memory: status, free space, load, last
 * heartbeat, replication lag), and their decommissioning.
 */
@Path("nodes")
@RequestScoped
@RequireRole(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {
  @Inject TrackerServer tracker;

  /** Every node, by group, then address. */
  @GET
  public List<Views.NodeView> list() {
    return nodes().stream()
        .sorted(
            Comparator.comparing(NodeInfo::groupName)
                .thenComparing(NodeInfo::host)
                .thenComparingInt(NodeInfo::port))
        .map(Views::node)
        .toList();
  }

  /** One node by its node ID. */
  @GET
  @Path("{nodeId}")
  public Views.NodeView get(@PathParam("nodeId") String nodeId) {
    return nodes().stream()
        .filter(n -> n.nodeId().equals(nodeId))
        .findFirst()
        .map(Views::node)
        .orElseThrow(() -> ApiException.notFound("no node " + nodeId));
  }

  /**
   * Decommissions a node: 202, it is DRAINING from now on and leaves once its peers hold all its
   * files (see {@code TrackerService.decommission}).
   */
  @POST
  @Path("{nodeId}/decommission")
  public Response decommission(@PathParam("nodeId") String nodeId) throws TrackerException {
    tracker.service().decommission(nodeId);
    return Response.accepted(get(nodeId)).build();
  }

  /**
   * Forgets a dead (OFFLINE) node: 204, it leaves the cluster without draining and may not rejoin;
   * 409 for a node that still beats (decommission it instead).
   */
  @DELETE
  @Path("{nodeId}")
  public Response forget(@PathParam("nodeId") String nodeId) throws TrackerException {
    tracker.service().forget(nodeId);
    return Response.noContent().build();
  }

  private List<NodeInfo> nodes() {
    return ((Nodes) tracker.service().nodes()).nodes();
  }
}
