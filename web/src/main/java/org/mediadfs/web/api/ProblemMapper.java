package org.mediadfs.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/**
 * Answers every exception of a JAX-RS resource with an RFC 9457 problem detail ({@link
 * ProblemMapping} decides the status). Server-side failures (5xx) are logged with their cause;
 * client errors are not (they are the caller's, and would flood the log).
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

  @Override
  public Response toResponse(Throwable t) {
    Problem p = ProblemMapping.of(t);
    if (p.status() >= 500) {
      LOG.log(Level.WARNING, () -> "API request failed with " + p.status() + ": " + t, t);
    }
    Response.ResponseBuilder b =
        Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p.toJson());
    if (t instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null) {
      // Keep what JAX-RS put there for the client (Allow on 405, WWW-Authenticate on 401).
      w.getResponse()
          .getHeaders()
          .forEach(
              (k, v) -> {
                if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) {
                  v.forEach(x -> b.header(k, x));
                }
              });
    }
    return b.build();
  }
}
