package org.mediadfs.web.api;

import java.util.Objects;

/**
 * An RFC 9457 problem detail, the body of every error the web tier answers ({@code
 * application/problem+json}), from the API and from the stream servlet alike.
 *
 * @param type a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param title the status's short, constant description
 * @param status the HTTP status
 * @param detail what went wrong with this request, for a human
 * @param code the protocol's error code name (e.g. {@code NOT_FOUND}) when a cluster error caused
 *     it, else null (an extension member)
 */
public record Problem(String type, String title, int status, String detail, String code) {
  /** The media type of a problem body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has an error status, not " + status);
    }
  }

  /** A problem of the generic type for a status. */
  public static Problem of(int status, String detail) {
    return new Problem("about:blank", Statuses.reason(status), status, detail, null);
  }

  /** The same problem with the protocol's error code. */
  public Problem withCode(String c) {
    return new Problem(type, title, status, detail, c);
  }

  /** The JSON text of this problem (members in RFC 9457's order; null members left out). */
  public String toJson() {
    StringBuilder b = new StringBuilder(96 + detail.length());
    b.append("{\"type\":");
    quote(b, type);
    b.append(",\"title\":");
    quote(b, title);
    b.append(",\"status\":").append(status).append(",\"detail\":");
    quote(b, detail);
    if (code != null) {
      b.append(",\"code\":");
      quote(b, code);
    }
    return b.append('}').toString();
  }

  /** Appends a JSON string literal (RFC 8259 escaping). */
  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
