package org.mediadfs.web.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the portal's links. Pure. */
public final class Urls {
  private Urls() {}

  /**
   * Encodes text as one URL path segment: UTF-8 percent-encoding of everything but unreserved
   * characters, a space as {@code %20} (not {@code +}, which means a plus in a path).
   */
  public static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Encodes text as a query parameter value. */
  public static String queryValue(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * The stream URL of a file (the streaming servlet's {@code /files/{fileId}/{name}}), relative to
   * the site: the download name is the original name, encoded.
   *
   * @param contextPath the application's context path ("" at the root)
   * @param query a query string without {@code ?} (a link signature), or empty
   */
  public static String stream(String contextPath, String fileId, String name, String query) {
    String path = contextPath + "/files/" + fileId;
    if (!name.isEmpty()) {
      path += "/" + pathSegment(name);
    }
    return query.isEmpty() ? path : path + "?" + query;
  }

  /** {@code /watch/{fileId}}. */
  public static String watch(String contextPath, String fileId) {
    return contextPath + "/watch/" + fileId;
  }

  /**
   * The site's origin as the browser reached it ({@code https://host} or {@code http://host:port}),
   * the default port left out.
   */
  public static String origin(String scheme, String host, int port) {
    boolean defaultPort =
        "http".equalsIgnoreCase(scheme) && port == 80
            || "https".equalsIgnoreCase(scheme) && port == 443;
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return scheme + "://" + h + (defaultPort || port <= 0 ? "" : ":" + port);
  }
}
