package org.mediadfs.web.portal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mediadfs.web.ItEnvironment;
import org.mediadfs.web.it.WebSpec;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal's integration tests (issue 8), run against the module's one Payara Micro by the class
 * that implements this interface ({@code MediadfsWarIT}), with the storage nodes of {@link
 * WebSpec#cluster()}. Every test makes its own users, so the tests run in any order and share the
 * container with the other specs. Screenshots of the browser test go to {@code target/screenshots}.
 */
public interface PortalSpec extends WebSpec {
  /** Where the test video is: a 3 s, 320x180, 10 fps VP9 WebM showing a second counter. */
  String CLIP = "/media/clip.webm";

  /** The admin session {@code userMaker()} keeps. */
  AtomicReference<PortalHttp> USER_MAKER = new AtomicReference<>();

  /** The portal's base URL, ending in {@code /}. */
  private URI portalBase() {
    return webBase();
  }

  /** Starts the storage nodes if no spec did yet, and waits until they are ACTIVE. */
  private void awaitStorage() {
    cluster();
  }

  /** The container's {@code mediadfs.data-dir} (the first admin's password file is there). */
  private static Path portalDataDir() {
    return Path.of(System.getProperty(ItEnvironment.DATA));
  }

  private String adminPassword() {
    try {
      return Files.readString(portalDataDir().resolve("admin-password")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new session of the first admin. */
  private PortalHttp admin() throws IOException, InterruptedException {
    return new PortalHttp(portalBase()).signIn("admin", adminPassword());
  }

  /** One admin session shared by the tests to create users (a PBKDF2 check costs ~0.5 s). */
  private PortalHttp userMaker() throws IOException, InterruptedException {
    synchronized (USER_MAKER) {
      PortalHttp s = USER_MAKER.get();
      if (s == null || !s.uri("/").equals(portalBase())) {
        s = admin();
        USER_MAKER.set(s);
      }
      return s;
    }
  }

  /** Creates a user through the admin page and returns a session signed in as that user. */
  private PortalHttp newUser(String role) throws IOException, InterruptedException {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    HttpResponse<String> r =
        admin().post("/admin/users", Map.of("username", name, "password", password, "role", role));
    assertThat(r.statusCode()).isEqualTo(303);
    return new PortalHttp(portalBase()).signIn(name, password);
  }

  private static byte[] clip() {
    try (InputStream in = PortalSpec.class.getResourceAsStream(CLIP)) {
      assertThat(in).as(CLIP).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fileIdOf(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Matcher m = Pattern.compile("\"fileId\":\"([A-Za-z0-9._-]+)\"").matcher(created.body());
    assertThat(m.find()).as(created.body()).isTrue();
    return m.group(1);
  }

  /** The first element matching a CSS selector, once the page has one. */
  private static WebElement waitFor(ChromeDriver d, String css) {
    await(css)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !d.findElements(By.cssSelector(css)).isEmpty());
    return d.findElement(By.cssSelector(css));
  }

  private static int rows(String html) {
    return (int) Pattern.compile("<tr data-file-id=").matcher(html).results().count();
  }

  // ------------------------------------------------------------------ visitors

  @Test
  default void portalVisitorIsSentToSignInAndCannotReachTheApiOrTheUploadServlet()
      throws Exception {
    PortalHttp visitor = new PortalHttp(portalBase());
    HttpResponse<String> root = visitor.get("/");
    assertThat(root.statusCode()).isIn(302, 303);
    assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    for (String page : List.of("/upload", "/watch/abc", "/admin", "/admin/users", "/library/x")) {
      HttpResponse<String> r = visitor.get(page);
      assertThat(r.statusCode()).as(page).isIn(302, 303);
      assertThat(r.headers().firstValue("Location").orElseThrow())
          .as(page)
          .contains("/login?next=");
    }
    HttpResponse<String> sign = visitor.get("/login");
    assertThat(sign.statusCode()).isEqualTo(200);
    assertThat(sign.body()).contains("name=\"password\"");

    HttpResponse<String> api = visitor.get("/api/nodes");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");

    // An address nothing serves: the portal's error page, not the container's report.
    for (String nowhere : List.of("/no-such-page", "/static/no-such.css")) {
      HttpResponse<String> r = visitor.get(nowhere);
      assertThat(r.statusCode()).as(nowhere).isEqualTo(404);
      assertThat(r.body())
          .as(nowhere)
          .contains("id=\"error-message\"", "There is no page at this address.")
          .doesNotContainIgnoringCase("payara");
    }

    // The upload servlet: no session, so no upload, whatever the headers say.
    HttpResponse<String> put = visitor.upload("x.webm", "video/webm", clip(), "no-session");
    assertThat(put.statusCode()).isNotEqualTo(201).isIn(302, 303, 401, 403);
    HttpResponse<String> post = visitor.postRaw("/library/delete", Map.of("fileId", "x"));
    assertThat(post.statusCode()).isIn(302, 303, 401, 403);
    assertThat(post.headers().firstValue("Location").orElse("/login")).contains("/login");
  }

  // ------------------------------------------------------------------ uploads

  @Test
  default void portalUploadStreamsIntoTheClusterAndIsRefusedFromItsHeaders() throws Exception {
    awaitStorage();
    PortalHttp s = newUser("user");
    String csrf = s.csrf();
    String head = "Host: " + s.hostHeader() + "\r\nCookie: " + s.cookieHeader() + "\r\n";

    // Too large: refused from the Content-Length alone, although not a byte of body follows.
    String tooLarge =
        s.rawHead(
            "PUT "
                + portalBase().getPath()
                + "upload HTTP/1.1\r\n"
                + head
                + "X-CSRF-Token: "
                + csrf
                + "\r\nX-File-Name: big.webm\r\nContent-Type: video/webm\r\n"
                + "Content-Length: "
                + (5L << 30)
                + "\r\n\r\n");
    assertThat(tooLarge).startsWith("HTTP/1.1 413");
    // No length (chunked): 411.
    String chunked =
        s.rawHead(
            "PUT "
                + portalBase().getPath()
                + "upload HTTP/1.1\r\n"
                + head
                + "X-CSRF-Token: "
                + csrf
                + "\r\nX-File-Name: c.webm\r\nContent-Type: video/webm\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertThat(chunked).startsWith("HTTP/1.1 411");
    // No CSRF token: 403 before the body is read.
    String forged =
        s.rawHead(
            "PUT "
                + portalBase().getPath()
                + "upload HTTP/1.1\r\n"
                + head
                + "X-File-Name: f.webm\r\nContent-Type: video/webm\r\nContent-Length: 1000000\r\n\r\n");
    assertThat(forged).startsWith("HTTP/1.1 403");

    // 24 MiB streamed through the servlet into the cluster, read back byte for byte.
    long size = 24L << 20;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    InputStream body = new SeededStream(42, size, sent);
    HttpResponse<String> up = s.upload("big clip.bin", "application/octet-stream", body, size);
    String id = fileIdOf(up);
    assertThat(up.headers().firstValue("Location").orElseThrow()).endsWith("/watch/" + id);
    HttpResponse<byte[]> back = s.getBytes("/files/" + id);
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).hasSize((int) size);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back.body())))
        .isEqualTo(HexFormat.of().formatHex(sent.digest()));
    // Unknown type: stored without one; the library says so.
    assertThat(s.get("/").body()).contains("big clip").contains("unknown").contains("24.0 MiB");

    // No name: 400 with a message.
    HttpResponse<String> nameless = s.upload("", "video/webm", clip());
    assertThat(nameless.statusCode()).isEqualTo(400);
    assertThat(nameless.body()).contains("no file name");
  }

  // ------------------------------------------------------------------ library

  @Test
  default void portalLibraryPagesEscapesDeletesRestoresAndPurges() throws Exception {
    awaitStorage();
    PortalHttp alice = newUser("user");
    byte[] data = clip();
    String evilName = "<img src=x onerror=alert(\"x\")> & co.webm";
    String evil = fileIdOf(alice.upload(evilName, "video/webm", data));
    String last = evil;
    for (int i = 0; i < 22; i++) {
      last = fileIdOf(alice.upload("clip " + i + ".webm", "video/webm", data));
    }

    HttpResponse<String> first = alice.get("/");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(rows(first.body())).isEqualTo(20);
    assertThat(first.body()).contains("1&ndash;20 of 23").contains("Page 1 of 2");
    assertThat(first.body()).contains("data-file-id=\"" + last + "\""); // newest first
    HttpResponse<String> second = alice.get("/?page=2");
    assertThat(rows(second.body())).isEqualTo(3);
    assertThat(second.body()).contains("21&ndash;23 of 23");
    // What the user typed is text, never markup.
    assertThat(second.body())
        .contains("&lt;img src=x onerror=alert(&#034;x&#034;)&gt; &amp; co")
        .doesNotContain("<img src=x");
    HttpResponse<String> watch = alice.get("/watch/" + evil);
    assertThat(watch.statusCode()).isEqualTo(200);
    assertThat(watch.body()).doesNotContain("<img src=x").contains("&lt;img src=x");

    // A forged delete (no token) changes nothing.
    HttpResponse<String> forged = alice.postRaw("/library/delete", Map.of("fileId", evil));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(alice.getBytes("/files/" + evil).statusCode()).isEqualTo(200);

    // Another user can neither see nor delete it.
    PortalHttp bob = newUser("user");
    assertThat(bob.get("/watch/" + evil).statusCode()).isEqualTo(404);
    assertThat(bob.post("/library/delete", Map.of("fileId", evil)).statusCode()).isEqualTo(404);

    // Delete: the cluster stops serving it, it moves to the deleted items; restore undoes it.
    HttpResponse<String> del = alice.post("/library/delete", Map.of("fileId", evil, "page", "2"));
    assertThat(del.statusCode()).isEqualTo(303);
    assertThat(del.headers().firstValue("Location").orElseThrow()).endsWith("/?page=2");
    String afterDelete = alice.get("/?page=2").body();
    assertThat(afterDelete).as("the page after the delete").contains("moved to the deleted items");
    assertThat(alice.getBytes("/files/" + evil).statusCode()).isEqualTo(410);
    assertThat(alice.get("/").body()).contains("1&ndash;20 of 22");
    HttpResponse<String> deleted = alice.get("/?view=deleted");
    assertThat(rows(deleted.body())).isEqualTo(1);
    assertThat(deleted.body()).contains("data-file-id=\"" + evil + "\"").contains("Restore");
    assertThat(alice.get("/watch/" + evil).statusCode()).isEqualTo(410);

    HttpResponse<String> restore = alice.post("/library/restore", Map.of("fileId", evil));
    assertThat(restore.statusCode()).isEqualTo(303);
    assertThat(restore.headers().firstValue("Location").orElseThrow()).endsWith("/?view=deleted");
    assertThat(alice.get("/").body()).contains("is back in your library").contains("of 23");
    assertThat(alice.getBytes("/files/" + evil).body()).isEqualTo(data);

    // Purge: only from the deleted items, and then it is gone for good.
    assertThat(alice.post("/library/purge", Map.of("fileId", last)).statusCode()).isEqualTo(303);
    assertThat(alice.get("/").body()).contains("first; then it can be purged");
    alice.post("/library/delete", Map.of("fileId", last));
    alice.post("/library/purge", Map.of("fileId", last));
    assertThat(alice.get("/?view=deleted").body()).doesNotContain(last);
    assertThat(alice.get("/").body()).doesNotContain(last).contains("of 22");
    assertThat(alice.getBytes("/files/" + last).statusCode()).isIn(404, 410);
  }

  /**
   * A file changed outside the portal moves in its owner's library too: at once through the
   * management API, and through the command line (which the portal cannot hear) when the owner
   * opens it, instead of a player for bytes that are no longer served.
   */
  @Test
  default void portalLibraryFollowsChangesMadeThroughTheApiAndTheCommandLine() throws Exception {
    awaitStorage();
    PortalHttp carol = newUser("user");
    byte[] data = clip();
    String a = fileIdOf(carol.upload("a.webm", "video/webm", data));
    String b = fileIdOf(carol.upload("b.webm", "video/webm", data));
    String c = fileIdOf(carol.upload("c.webm", "video/webm", data));
    String auth = cluster().adminAuth();

    assertThat(send("DELETE", "api/files/" + a, null, "Authorization", auth).statusCode())
        .isEqualTo(204);
    assertThat(carol.get("/").body()).doesNotContain(a).contains(b).contains("of 2");
    assertThat(carol.get("/?view=deleted").body()).contains("data-file-id=\"" + a + "\"");
    assertThat(
            send("POST", "api/files/" + a + "/restore", null, "Authorization", auth).statusCode())
        .isEqualTo(204);
    assertThat(carol.get("/").body()).contains("data-file-id=\"" + a + "\"").contains("of 3");
    assertThat(
            send("DELETE", "api/files/" + b + "?purge=true", null, "Authorization", auth)
                .statusCode())
        .isEqualTo(204);
    assertThat(carol.get("/").body()).doesNotContain(b).contains("of 2");
    assertThat(carol.get("/?view=deleted").body()).doesNotContain(b);

    String meta =
        new String(send("GET", "api/files/" + c, null, "Authorization", auth).body(), UTF_8);
    Matcher app = Pattern.compile("\"appId\":\"([^\"]+)\"").matcher(meta);
    Matcher user = Pattern.compile("\"userId\":\"([^\"]+)\"").matcher(meta);
    assertThat(app.find() && user.find()).as(meta).isTrue();
    cluster().client().delete(app.group(1), user.group(1), c);
    HttpResponse<String> watch = carol.get("/watch/" + c);
    assertThat(watch.statusCode()).isEqualTo(410);
    assertThat(watch.body()).contains("is in your deleted items now");
    assertThat(carol.get("/").body()).doesNotContain(c).contains("of 1");
    assertThat(carol.get("/?view=deleted").body()).contains("data-file-id=\"" + c + "\"");
  }

  // ------------------------------------------------------------------ signed links

  @Test
  default void portalWatchPageAndShareLinksKeepWorkingWhenSignedLinksAreRequired()
      throws Exception {
    awaitStorage();
    PortalHttp s = newUser("user");
    byte[] data = clip();
    String id = fileIdOf(s.upload("signed.webm", "video/webm", data));
    HttpResponse<String> open = s.get("/watch/" + id);
    assertThat(open.body()).doesNotContain("id=\"shared\"");
    HttpResponse<String> sharedOpen = s.post("/watch/" + id + "/share", Map.of("lifetime", "1h"));
    assertThat(sharedOpen.body())
        .as("without required signatures the page says that expiry is not enforced")
        .contains("id=\"share-note\"");
    String admin = cluster().adminAuth();
    assertThat(
            send("PUT", "api/links/policy", "{\"required\":true}", "Authorization", admin)
                .statusCode())
        .isEqualTo(200);
    try {
      // The page's own video source is signed, so it still plays; a bare URL does not.
      HttpResponse<String> watch = s.get("/watch/" + id);
      String src = attribute(watch.body(), "id=\"player\"", "src");
      assertThat(src).contains("kid=").contains("exp=").contains("sig=");
      assertThat(s.getBytes(portalBase().resolve(src).toString()).body()).isEqualTo(data);
      assertThat(s.getBytes("/files/" + id).statusCode()).isEqualTo(403);

      HttpResponse<String> shared = s.post("/watch/" + id + "/share", Map.of("lifetime", "1h"));
      assertThat(shared.statusCode()).isEqualTo(200);
      assertThat(shared.body()).contains("id=\"shared\"").doesNotContain("id=\"share-note\"");
      String link = attribute(shared.body(), "id=\"share-url\"", "value");
      HttpResponse<byte[]> anonymous = new PortalHttp(portalBase()).getBytes(link);
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.body()).isEqualTo(data);
      String tampered = link.replace("exp=", "exp=1");
      assertThat(new PortalHttp(portalBase()).getBytes(tampered).statusCode()).isEqualTo(403);
    } finally {
      send("PUT", "api/links/policy", "{\"required\":false}", "Authorization", admin);
    }
  }

  /** An attribute of the element whose tag contains {@code marker}, HTML entities undone. */
  private static String attribute(String html, String marker, String name) {
    int at = html.indexOf(marker);
    assertThat(at).as("%s in the page", marker).isNotNegative();
    int start = html.lastIndexOf('<', at);
    int end = html.indexOf('>', at);
    Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(html.substring(start, end));
    assertThat(m.find()).as("%s of %s", name, marker).isTrue();
    return m.group(1).replace("&amp;", "&").replace("&#039;", "'").replace("&#034;", "\"");
  }

  // ------------------------------------------------------------------ headers and cookies

  @Test
  default void portalSessionCookieIsHttpOnlySameSiteAndPagesCarrySecurityHeaders()
      throws Exception {
    PortalHttp visitor = new PortalHttp(portalBase());
    HttpResponse<String> form = visitor.get("/login");
    String cookie =
        form.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    assertThat(form.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'self'");

    PortalHttp s = admin();
    HttpResponse<String> page = s.get("/upload");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    // A stream answer is sandboxed: a file opened directly runs no script as this site.
    HttpResponse<byte[]> file = s.getBytes("/files/nosuchfile");
    assertThat(file.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("sandbox");
    // Static files are served and typed.
    HttpResponse<String> css = s.get("/static/portal.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
  }

  // ------------------------------------------------------------------ admin

  @Test
  default void portalAdminPagesShowTheClusterAndManageUsersForAdminsOnly() throws Exception {
    awaitStorage();
    PortalHttp admin = admin();
    HttpResponse<String> cluster = admin.get("/admin");
    assertThat(cluster.statusCode()).isEqualTo(200);
    assertThat(cluster.body())
        .contains("data-group=\"group00")
        .contains("ACTIVE")
        .contains("free of");
    // Signed in, an address nothing serves is the error page too (not a failure of it: 500).
    HttpResponse<String> nowhere = admin.get("/no-such-page");
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.body()).contains("There is no page at this address.");

    HttpResponse<String> weak =
        admin.post(
            "/admin/users", Map.of("username", "weakling", "password", "123", "role", "user"));
    assertThat(weak.statusCode()).isEqualTo(303);
    assertThat(admin.get("/admin/users").body())
        .contains("Could not create")
        .doesNotContain(">weakling<");
    HttpResponse<String> bad =
        admin.post(
            "/admin/users",
            Map.of("username", "<b>x</b>", "password", "long enough password", "role", "user"));
    assertThat(bad.statusCode()).isEqualTo(303);
    assertThat(admin.get("/admin/users").body())
        .contains("&lt;b&gt;x&lt;/b&gt;")
        .doesNotContain("<b>x</b>");

    PortalHttp user = newUser("user");
    assertThat(user.get("/admin").statusCode()).isEqualTo(403);
    assertThat(user.get("/admin/users").statusCode()).isEqualTo(403);
    assertThat(
            user.post(
                    "/admin/users",
                    Map.of(
                        "username", "sneaky", "password", "long enough password", "role", "admin"))
                .statusCode())
        .isEqualTo(403);
    assertThat(admin.get("/admin/users").body()).doesNotContain(">sneaky<");
    assertThat(user.get("/").body()).doesNotContain("/admin/users\"");

    // Sign-out ends the session (POST with the token).
    HttpResponse<String> out = user.post("/logout", Map.of());
    assertThat(out.statusCode()).isIn(302, 303);
    assertThat(user.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/login");
  }

  // ------------------------------------------------------------------ the real browser

  /**
   * Headless Chromium: a visitor lands on the sign-in form; the admin signs in, uploads the test
   * clip through the upload page (progress bar, raw PUT), finds it in the library, plays it on the
   * watch page until the video can play, seeks to 2.2 s (range requests), takes screenshots, shares
   * a signed link that plays without a session, deletes and restores the clip, looks at the cluster
   * page and signs out.
   */
  @Test
  default void portalBrowserSignsInUploadsWatchesSeeksAndShares() throws Exception {
    awaitStorage();
    Path dir = Files.createTempDirectory("mediadfs-upload-");
    // A name with markup in it: the library must show it as text.
    Path video = dir.resolve("Tiny clip <b>bold & co.webm");
    byte[] data = clip();
    Files.write(video, data);
    String title = "Tiny clip <b>bold & co";
    String base = portalBase().toString();
    try (Browser browser = Browser.start()) {
      ChromeDriver d = browser.driver();

      // A visitor is sent to the sign-in form.
      d.get(base);
      assertThat(d.getCurrentUrl()).endsWith("/login");
      browser.screenshot("01-sign-in");
      d.findElement(By.name("username")).sendKeys("admin");
      d.findElement(By.name("password")).sendKeys(adminPassword());
      d.findElement(By.cssSelector("button[type=submit]")).click();
      await().atMost(Duration.ofSeconds(30)).until(() -> d.getCurrentUrl().equals(base));
      assertThat(d.findElement(By.id("signed-in-user")).getText()).isEqualTo("admin");

      // Upload through the page: XMLHttpRequest PUT with progress.
      d.get(base + "upload");
      d.findElement(By.id("file")).sendKeys(video.toAbsolutePath().toString());
      assertThat(d.findElement(By.id("chosen")).getText()).contains("6.9 KiB");
      d.findElement(By.id("upload-button")).click();
      WebElement done = d.findElement(By.id("upload-done"));
      await().atMost(Duration.ofSeconds(60)).until(done::isDisplayed);
      assertThat(browser.js("return document.getElementById('upload-progress').value"))
          .isEqualTo(100L);
      assertThat(d.findElement(By.id("upload-title")).getText()).isEqualTo(title);
      assertThat(d.findElement(By.id("upload-error")).isDisplayed()).isFalse();
      browser.screenshot("02-uploaded");

      // The library lists it, escaped: the title is text, not a bold element.
      d.get(base);
      WebElement link =
          d.findElements(By.cssSelector("a.file-title")).stream()
              .filter(a -> a.getText().equals(title))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the upload is not in the library"));
      assertThat(d.findElements(By.cssSelector("#library b"))).isEmpty();
      WebElement row = link.findElement(By.xpath("./ancestor::tr"));
      assertThat(row.getText()).contains("video/webm").contains("6.9 KiB");
      String fileId = row.getDomAttribute("data-file-id");
      browser.screenshot("03-library");

      // Watch: the video element plays, then seeks with range requests.
      link.click();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> d.getCurrentUrl().endsWith("/watch/" + fileId));
      assertThat(d.findElement(By.id("watch-title")).getText()).isEqualTo(title);
      browser.js("const v = document.getElementById('player'); v.muted = true; v.play();");
      await("the video can play")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  ((Number) browser.js("return document.getElementById('player').readyState"))
                          .intValue()
                      >= 3);
      assertThat(
              ((Number) browser.js("return document.getElementById('player').duration"))
                  .doubleValue())
          .isBetween(2.9, 3.1);
      assertThat(browser.js("return document.getElementById('player').error")).isNull();
      browser.js(
          "const v = document.getElementById('player'); v.pause(); window.seekedAt = -1;"
              + " v.addEventListener('seeked', () => { window.seekedAt = v.currentTime; },"
              + " {once: true}); v.currentTime = 2.2;");
      await("the seek")
          .atMost(Duration.ofSeconds(30))
          .until(() -> ((Number) browser.js("return window.seekedAt")).doubleValue() >= 0);
      assertThat(((Number) browser.js("return window.seekedAt")).doubleValue()).isBetween(2.1, 2.3);
      await("the frame at 2.2 s")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  ((Number) browser.js("return document.getElementById('player').readyState"))
                          .intValue()
                      >= 2);
      List<String> events =
          browser.networkEvents().stream()
              .filter(e -> e.contains("Network.responseReceived") && e.contains("/files/" + fileId))
              .toList();
      assertThat(events)
          .as("the browser fetched the video with range requests answered 206")
          .isNotEmpty()
          .anyMatch(e -> e.contains("\"status\":206"));
      browser.screenshot("04-watch-seeked");

      // Share: a signed link with an expiry that plays without a session.
      new Select(d.findElement(By.id("lifetime"))).selectByValue("1h");
      d.findElement(By.id("share-button")).click();
      String shared = waitFor(d, "#share-url").getDomProperty("value");
      assertThat(shared)
          .startsWith(base + "files/" + fileId + "/")
          .contains("kid=", "exp=", "sig=");
      assertThat(d.findElement(By.id("shared")).getText()).contains("Anyone with this link");
      assertThat(d.findElement(By.id("share-note")).isDisplayed()).isTrue();
      browser.screenshot("05-shared");
      HttpResponse<byte[]> anonymous = new PortalHttp(portalBase()).getBytes(shared);
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.body()).isEqualTo(data);

      // Delete and restore from the library.
      d.get(base);
      d.findElement(By.cssSelector("tr[data-file-id='" + fileId + "'] button.delete")).click();
      assertThat(waitFor(d, ".flash").getText()).contains("deleted items");
      assertThat(d.findElements(By.cssSelector("tr[data-file-id='" + fileId + "']"))).isEmpty();
      d.get(base + "?view=deleted");
      d.findElement(By.cssSelector("tr[data-file-id='" + fileId + "'] button.restore")).click();
      assertThat(waitFor(d, ".flash").getText()).contains("back in your library");
      d.get(base);
      assertThat(d.findElements(By.cssSelector("tr[data-file-id='" + fileId + "']"))).hasSize(1);
      // A phone-sized window: the table becomes stacked cards.
      d.manage().window().setSize(new Dimension(390, 844));
      d.get(base);
      browser.screenshot("07-library-phone");
      d.manage().window().setSize(new Dimension(1280, 900));

      // The admin's view of the cluster.
      d.get(base + "admin");
      assertThat(d.findElements(By.cssSelector("section.group"))).isNotEmpty();
      assertThat(d.findElements(By.cssSelector(".node-status")).stream().map(WebElement::getText))
          .contains("ACTIVE");
      browser.screenshot("06-admin-cluster");

      // Sign out: back to the form, and the library is out of reach.
      d.findElement(By.id("sign-out")).click();
      await().atMost(Duration.ofSeconds(30)).until(() -> d.getCurrentUrl().contains("/login"));
      d.get(base);
      assertThat(d.getCurrentUrl()).endsWith("/login");
    } finally {
      Files.deleteIfExists(video);
      Files.deleteIfExists(dir);
    }
  }

  /** Deterministic bytes of a given length, digested as they are read. */
  final class SeededStream extends InputStream {
    private final Random random;
    private final MessageDigest digest;
    private long left;

    SeededStream(long seed, long length, MessageDigest digest) {
      this.random = new Random(seed);
      this.left = length;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      digest.update(chunk);
      left -= n;
      return n;
    }
  }
}
