package org.mediadfs.web.api;

/**
 * A request the API refuses, with its status and a message for the caller (bad input, a group that
 * is not empty, ...). Mapped to a problem detail by {@link ProblemMapper}.
 */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
  }

  /** 400 with a message. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** 404 with a message. */
  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  /** 409 with a message. */
  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
