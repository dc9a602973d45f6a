package org.mediadfs.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP session against the portal for the integration tests: its own cookie jar, no
 * automatic redirects (tests look at them), sign-in through the real form, and the session's CSRF
 * token read from the pages as a browser's script would.
 */
final class PortalHttp {
  private static final Pattern CSRF_INPUT = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern CSRF_META =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  private String csrf;

  PortalHttp(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String pathOrUrl) throws IOException, InterruptedException {
    URI u = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : uri(pathOrUrl);
    return http.send(
        HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A form post (application/x-www-form-urlencoded) with the session's CSRF token added. */
  HttpResponse<String> post(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(form);
    all.putIfAbsent("csrf", csrf());
    return postRaw(path, all);
  }

  HttpResponse<String> postRaw(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in through the form; asserts it worked (a redirect to the library). */
  PortalHttp signIn(String user, String password) throws IOException, InterruptedException {
    HttpResponse<String> form = get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    String token = match(CSRF_INPUT, form.body());
    HttpResponse<String> r =
        postRaw(
            "/login", Map.of("username", user, "password", password, "csrf", token, "next", "/"));
    assertThat(r.statusCode()).as("sign-in of %s", user).isIn(302, 303);
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .as("sign-in of %s", user)
        .doesNotContain("error");
    csrf = null; // signing in replaces the session's token
    return this;
  }

  /** The session's CSRF token, as the pages carry it (read once per session). */
  String csrf() throws IOException, InterruptedException {
    if (csrf == null) {
      HttpResponse<String> page = get("/upload");
      assertThat(page.statusCode()).as("upload page").isEqualTo(200);
      csrf = match(CSRF_META, page.body());
    }
    return csrf;
  }

  /** Uploads bytes through the portal's PUT with the headers the page's script sends. */
  HttpResponse<String> upload(String name, String type, byte[] data)
      throws IOException, InterruptedException {
    return upload(name, type, data, csrf());
  }

  /** Uploads bytes with a given CSRF token. */
  HttpResponse<String> upload(String name, String type, byte[] data, String csrf)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri("/upload"))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", type)
            .header(
                "X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
            .header("X-CSRF-Token", csrf)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Uploads {@code length} bytes from a stream (sent with a Content-Length, never chunked). */
  HttpResponse<String> upload(String name, String type, InputStream in, long length)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri("/upload"))
            .timeout(Duration.ofSeconds(300))
            .header("Content-Type", type)
            .header("X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8))
            .header("X-CSRF-Token", csrf())
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> in), length))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends a request's head on a raw socket (headers a client library will not send, e.g. a huge
   * Content-Length with no body), then reads the status line and headers of the answer.
   */
  String rawHead(String requestHead) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder b = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        b.append((char) c);
        if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
          break;
        }
      }
      return b.toString();
    }
  }

  /** The {@code Cookie} header this session would send. */
  String cookieHeader() {
    return cookies.getCookieStore().get(base).stream()
        .map(HttpCookie::toString)
        .collect(Collectors.joining("; "));
  }

  String hostHeader() {
    return base.getHost() + ":" + base.getPort();
  }

  static String match(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in the page", p).isTrue();
    return m.group(1);
  }
}
