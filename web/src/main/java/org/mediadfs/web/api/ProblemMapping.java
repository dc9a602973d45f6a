package org.mediadfs.web.api;

import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import org.mediadfs.client.MediadfsException;
import org.mediadfs.client.MediadfsUnavailableException;
import org.mediadfs.tracker.application.TrackerException;
import org.mediadfs.wire.ErrorCode;

/**
 * The one place that turns a failure into an HTTP status and problem detail (style rule 9): cluster
 * errors by their protocol code, JAX-RS errors by their status, anything else as 500 without
 * internals. Pure.
 */
public final class ProblemMapping {
  private ProblemMapping() {}

  /** The problem to answer for {@code t}. */
  public static Problem of(Throwable t) {
    return switch (t) {
      case MediadfsUnavailableException e ->
          Problem.of(503, e.getMessage()).withCode(e.code().name());
      case MediadfsException e ->
          Problem.of(status(e.code()), e.getMessage()).withCode(e.code().name());
      case TrackerException e ->
          // An administrative call naming a node the tracker does not know: the node, not the
          // service, is missing (on the wire UNKNOWN_NODE tells a node to join again).
          Problem.of(e.code() == ErrorCode.UNKNOWN_NODE ? 404 : status(e.code()), e.getMessage())
              .withCode(e.code().name());
      case ApiException e -> Problem.of(e.status(), e.getMessage());
      case WebApplicationException e -> {
        int s = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (s < 400 || s > 599) {
          s = 500;
        }
        yield Problem.of(s, s == 500 ? "internal error" : Statuses.reason(s).toLowerCase());
      }
      case jakarta.json.bind.JsonbException e -> Problem.of(400, "malformed JSON body");
      case jakarta.ws.rs.ProcessingException e -> Problem.of(400, "unreadable request body");
      case IOException e -> Problem.of(503, "the cluster could not be reached: " + e.getMessage());
      default -> Problem.of(500, "internal error");
    };
  }

  /** The HTTP status for a protocol error code. */
  public static int status(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND, UNKNOWN_GROUP -> 404;
      case DELETED -> 410;
      case BAD_REQUEST, INVALID_NAME, UNKNOWN_APP, BAD_RANGE, UNKNOWN_COMMAND -> 400;
      case TOO_LARGE -> 413;
      case CONFLICT -> 409;
      case DISK_FULL -> 507;
      case NOT_HERE_YET, NO_GROUP, NO_STORAGE, UNKNOWN_NODE, UNAVAILABLE, BUSY -> 503;
      case AUTH, PROTOCOL_VERSION, CHECKSUM_MISMATCH, INTERNAL, GENERIC -> 502;
    };
  }
}
