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
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.mediadfs.web.db.WebSchema;
import org.mediadfs.web.security.Credentials;
import org.mediadfs.web.security.UserAccounts;

/**
 * The caller's API tokens (any signed-in user): {@code Authorization: Bearer <token>} then works
 * like the user's password, without sending it, and can be revoked alone.
 */
@Path("tokens")
@RequestScoped
@RequireRole("")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {
  @Inject UserAccounts accounts;

  @Context SecurityContext security;

  /** The caller's tokens (never the tokens themselves). */
  @GET
  public List<Views.TokenView> list() {
    return accounts.tokens(me()).stream()
        .map(t -> new Views.TokenView(t.id(), t.label(), t.created(), t.expires()))
        .toList();
  }

  /** Creates a token (201); its value is shown only in this answer. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(Views.NewToken body) {
    String label = body == null || body.label() == null ? "" : body.label();
    Long ttl = body == null ? null : body.expiresInSeconds();
    if (ttl != null && ttl < 0) {
      throw ApiException.badRequest("expiresInSeconds must not be negative");
    }
    Instant expires =
        ttl == null || ttl == 0 ? null : WebSchema.stored(Instant.now()).plusSeconds(ttl);
    String token = accounts.createToken(me(), label, expires);
    String id = Credentials.sha256(token).substring(0, 12);
    return Response.status(201).entity(new Views.CreatedToken(id, token, label, expires)).build();
  }

  /** Revokes one of the caller's tokens (204). */
  @DELETE
  @Path("{id}")
  public Response revoke(@PathParam("id") String id) {
    if (!accounts.revokeToken(me(), id)) {
      throw ApiException.notFound("no token " + id);
    }
    return Response.noContent().build();
  }

  private String me() {
    return security.getUserPrincipal().getName();
  }
}
