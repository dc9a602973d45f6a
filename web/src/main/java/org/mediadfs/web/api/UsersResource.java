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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mediadfs.web.security.Roles;
import org.mediadfs.web.security.UserAccounts;

/** Accounts of the portal and the API (admin), and the caller's own identity. */
@Path("users")
@RequestScoped
@RequireRole(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
  @Inject UserAccounts accounts;

  @Context UriInfo uri;
  @Context SecurityContext security;

  /** Every account. */
  @GET
  public List<Views.UserView> list() {
    return accounts.list().stream()
        .map(a -> new Views.UserView(a.username(), a.roles(), a.created()))
        .toList();
  }

  /** The caller: name and roles (any signed-in user). */
  @GET
  @Path("me")
  @RequireRole("")
  public Views.Me me() {
    String name = security.getUserPrincipal().getName();
    Set<String> roles = new TreeSet<>();
    for (String r : Roles.ALL) {
      if (security.isUserInRole(r)) {
        roles.add(r);
      }
    }
    return new Views.Me(name, roles);
  }

  /** Creates an account (201); 409 if the name is taken. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(Views.NewUser body) {
    if (body == null || body.username() == null) {
      throw ApiException.badRequest("a user needs a username, a password and roles");
    }
    Set<String> roles = body.roles() == null ? Set.of(Roles.USER) : body.roles();
    UserAccounts.Account a = accounts.create(body.username(), body.password(), roles);
    return Response.created(uri.getAbsolutePathBuilder().path(a.username()).build())
        .entity(new Views.UserView(a.username(), a.roles(), a.created()))
        .build();
  }

  /** Replaces a password (204). */
  @PUT
  @Path("{name}/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response password(@PathParam("name") String name, Views.NewPassword body) {
    if (body == null) {
      throw ApiException.badRequest("a password is needed");
    }
    accounts.setPassword(name, body.password());
    return Response.noContent().build();
  }

  /** Removes an account with its tokens (204); an admin cannot remove itself. */
  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    if (name.equals(security.getUserPrincipal().getName())) {
      throw ApiException.conflict("you cannot remove your own account");
    }
    if (!accounts.delete(name)) {
      throw ApiException.notFound("no user " + name);
    }
    return Response.noContent().build();
  }
}
