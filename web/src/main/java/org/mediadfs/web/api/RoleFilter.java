package org.mediadfs.web.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Enforces {@link RequireRole}: no caller → 401 with a Basic challenge, a caller without the role →
 * 403, both as problem details. Resources without the annotation are public (the health check).
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class RoleFilter implements ContainerRequestFilter {
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext ctx) {
    RequireRole need = required(resource.getResourceClass(), resource.getResourceMethod());
    if (need == null) {
      return;
    }
    var security = ctx.getSecurityContext();
    if (security == null || security.getUserPrincipal() == null) {
      ctx.abortWith(
          Response.status(401)
              .header("WWW-Authenticate", "Basic realm=\"mediadfs\", charset=\"UTF-8\"")
              .type(Problem.MEDIA_TYPE)
              .entity(Problem.of(401, "authentication required").toJson())
              .build());
      return;
    }
    if (!need.value().isEmpty() && !security.isUserInRole(need.value())) {
      ctx.abortWith(
          Response.status(403)
              .type(Problem.MEDIA_TYPE)
              .entity(Problem.of(403, "this needs the " + need.value() + " role").toJson())
              .build());
    }
  }

  /** The annotation that applies: the method's, else its class's; null if none. */
  static RequireRole required(Class<?> type, Method method) {
    if (method != null && method.getAnnotation(RequireRole.class) != null) {
      return method.getAnnotation(RequireRole.class);
    }
    return type == null ? null : type.getAnnotation(RequireRole.class);
  }
}
