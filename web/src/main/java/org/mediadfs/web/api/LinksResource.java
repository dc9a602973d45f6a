package org.mediadfs.web.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.mediadfs.web.security.LinkKeys;
import org.mediadfs.web.security.LinkPolicy;
import org.mediadfs.web.security.Roles;

/** Signed stream links: the key ring (rotate, remove old keys) and whether links must be signed. */
@Path("links")
@RequestScoped
@RequireRole(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class LinksResource {
  @Inject LinkKeys keys;
  @Inject LinkPolicy policy;

  /** The keys, current first. */
  @GET
  @Path("keys")
  public List<Views.KeyView> keys() {
    return keys.keys().stream()
        .map(k -> new Views.KeyView(k.kid(), k.created(), k.current()))
        .toList();
  }

  /** Adds a new current key (201); links signed with older keys keep working. */
  @POST
  @Path("keys")
  public Response rotate() {
    LinkKeys.KeyInfo k = keys.rotate();
    return Response.status(201).entity(new Views.KeyView(k.kid(), k.created(), true)).build();
  }

  /** Removes an old key (204): links it signed stop working. */
  @DELETE
  @Path("keys/{kid}")
  public Response remove(@PathParam("kid") String kid) {
    if (!keys.remove(kid)) {
      throw ApiException.notFound("no key " + kid);
    }
    return Response.noContent().build();
  }

  /** Whether {@code /files/*} requires signed links on this instance. */
  @GET
  @Path("policy")
  public Views.LinkPolicyView policy() {
    return new Views.LinkPolicyView(policy.required());
  }

  /** Switches the requirement on this instance until the next restart. */
  @PUT
  @Path("policy")
  @Consumes(MediaType.APPLICATION_JSON)
  public Views.LinkPolicyView policy(Views.LinkPolicyView body) {
    if (body == null) {
      throw ApiException.badRequest("a body {\"required\": true|false} is needed");
    }
    policy.required(body.required());
    return new Views.LinkPolicyView(policy.required());
  }
}
