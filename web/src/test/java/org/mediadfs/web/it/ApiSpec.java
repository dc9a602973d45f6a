package org.mediadfs.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediadfs.web.it.WebSpec.header;
import static org.mediadfs.web.it.WebSpec.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mediadfs.client.UploadOptions;
import org.mediadfs.testkit.Await;
import org.mediadfs.web.ItEnvironment;
import org.mediadfs.wire.client.WireConnection;
import org.mediadfs.wire.codec.Limits;
import org.mediadfs.wire.message.HostPort;
import org.mediadfs.wire.message.Load;
import org.mediadfs.wire.message.NodeStatus;
import org.mediadfs.wire.message.PeerLag;
import org.mediadfs.wire.message.Request;
import org.mediadfs.wire.message.Response;
import org.mediadfs.wire.message.RootStat;

/**
 * The management API over real HTTP: every endpoint, with its auth failures (401 without or with
 * wrong credentials, 403 for a non-admin), problem details, health, metrics and OpenAPI.
 */
public interface ApiSpec extends WebSpec {
  ObjectMapper JSON = new ObjectMapper();

  private JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private HttpResponse<byte[]> admin(String method, String path, String body) throws Exception {
    return send(method, path, body, "Authorization", cluster().adminAuth());
  }

  private static void assertProblem(HttpResponse<byte[]> r, int status) throws IOException {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
    assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotEmpty();
    assertThat(p.get("type").asText()).isEqualTo("about:blank");
  }

  @Test
  default void healthIsPublicAndMicroProfileHealthAgrees() throws Exception {
    HttpResponse<byte[]> h = get("api/health");
    assertThat(h.statusCode()).isEqualTo(200);
    JsonNode j = json(h);
    assertThat(j.get("status").asText()).isEqualTo("UP");
    List<String> checks = new ArrayList<>();
    j.get("checks")
        .forEach(c -> checks.add(c.get("name").asText() + "=" + c.get("status").asText()));
    assertThat(checks).containsExactly("tracker=UP", "id-server=UP", "database=UP");

    HttpResponse<byte[]> ready = get("/health/ready");
    assertThat(ready.statusCode()).as(text(ready)).isEqualTo(200);
    assertThat(text(ready)).contains("mediadfs").contains("UP");
    HttpResponse<byte[]> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(text(live)).contains("mediadfs-endpoints");
  }

  @Test
  default void authenticationFailuresAreProblemDetails() throws Exception {
    HttpResponse<byte[]> none = get("api/groups");
    assertProblem(none, 401);
    assertThat(header(none, "WWW-Authenticate")).startsWith("Basic realm=\"mediadfs\"");
    assertProblem(get("api/groups", "Authorization", WebItCluster.basic("admin", "wrong-pw")), 401);
    assertProblem(
        get("api/groups", "Authorization", WebItCluster.basic("nobody", "whatever1")), 401);
    assertProblem(get("api/groups", "Authorization", "Bearer mdfs_not-a-token"), 401);
    assertProblem(get("api/groups", "Authorization", "Digest x=y"), 401);
    for (String path : List.of("api/nodes", "api/files", "api/apps", "api/users", "api/tokens")) {
      assertProblem(get(path), 401);
    }
  }

  @Test
  default void usersRolesTokensAndForbidden() throws Exception {
    String name = "viewer" + System.nanoTime() % 100000;
    HttpResponse<byte[]> created =
        admin(
            "POST",
            "api/users",
            "{\"username\":\"" + name + "\",\"password\":\"viewer-pass-1\",\"roles\":[\"user\"]}");
    assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
    assertProblem(
        admin("POST", "api/users", "{\"username\":\"" + name + "\",\"password\":\"xxxxxxxx1\"}"),
        409);
    assertProblem(
        admin("POST", "api/users", "{\"username\":\"x y\",\"password\":\"xxxxxxxx1\"}"), 400);
    assertProblem(admin("POST", "api/users", "{\"username\":\"shorty\",\"password\":\"x\"}"), 400);
    assertProblem(admin("POST", "api/users", "{not json"), 400);
    String auth = WebItCluster.basic(name, "viewer-pass-1");

    JsonNode me = json(get("api/users/me", "Authorization", auth));
    assertThat(me.get("username").asText()).isEqualTo(name);
    assertThat(me.get("roles").toString()).isEqualTo("[\"user\"]");
    JsonNode adminMe = json(get("api/users/me", "Authorization", cluster().adminAuth()));
    assertThat(adminMe.get("roles").toString()).contains("admin");

    for (String path : List.of("api/groups", "api/nodes", "api/files", "api/apps", "api/users")) {
      HttpResponse<byte[]> r = get(path, "Authorization", auth);
      assertProblem(r, 403);
      assertThat(text(r)).contains("admin role");
    }
    assertProblem(send("POST", "api/groups", "{\"name\":\"g9\"}", "Authorization", auth), 403);

    // Tokens: created by the user for itself, shown once, usable as Bearer, revocable.
    HttpResponse<byte[]> t =
        send(
            "POST",
            "api/tokens",
            "{\"label\":\"cli\",\"expiresInSeconds\":3600}",
            "Authorization",
            auth);
    assertThat(t.statusCode()).as(text(t)).isEqualTo(201);
    String token = json(t).get("token").asText();
    String tokenId = json(t).get("id").asText();
    assertThat(token).startsWith("mdfs_");
    HttpResponse<byte[]> viaToken = get("api/users/me", "Authorization", "Bearer " + token);
    assertThat(viaToken.statusCode()).isEqualTo(200);
    assertThat(json(viaToken).get("username").asText()).isEqualTo(name);
    JsonNode list = json(get("api/tokens", "Authorization", auth));
    assertThat(list.toString()).contains(tokenId).contains("cli").doesNotContain(token);
    assertThat(send("DELETE", "api/tokens/" + tokenId, null, "Authorization", auth).statusCode())
        .isEqualTo(204);
    assertProblem(get("api/users/me", "Authorization", "Bearer " + token), 401);

    // Password change, then removal: old credentials stop working at once (no stale cache).
    assertThat(
            admin("PUT", "api/users/" + name + "/password", "{\"password\":\"viewer-pass-2\"}")
                .statusCode())
        .isEqualTo(204);
    assertProblem(get("api/users/me", "Authorization", auth), 401);
    String auth2 = WebItCluster.basic(name, "viewer-pass-2");
    assertThat(get("api/users/me", "Authorization", auth2).statusCode()).isEqualTo(200);
    assertThat(json(admin("GET", "api/users", null)).toString()).contains(name);
    assertThat(admin("DELETE", "api/users/" + name, null).statusCode()).isEqualTo(204);
    assertProblem(get("api/users/me", "Authorization", auth2), 401);
    assertProblem(admin("DELETE", "api/users/" + name, null), 404);
    assertProblem(admin("DELETE", "api/users/admin", null), 409);
  }

  @Test
  default void formSignInGivesASessionTheApiAccepts() throws Exception {
    String name = "former" + System.nanoTime() % 100000;
    admin(
        "POST",
        "api/users",
        "{\"username\":\"" + name + "\",\"password\":\"former-pass-1\",\"roles\":[\"user\"]}");
    HttpResponse<byte[]> form = get("login?next=/library");
    assertThat(form.statusCode()).isEqualTo(200);
    String page = text(form);
    assertThat(page).contains("<form").contains("name=\"password\"");
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(csrf.find()).isTrue();
    String cookie = header(form, "Set-Cookie").split(";")[0];
    assertThat(header(form, "Set-Cookie")).containsIgnoringCase("HttpOnly");

    HttpResponse<byte[]> bad =
        post(form(csrf.group(1), name, "wrong-password", "/library"), cookie);
    assertThat(bad.statusCode()).isEqualTo(302);
    assertThat(header(bad, "Location")).contains("error=1");

    HttpResponse<byte[]> forged = post(form("forged", name, "former-pass-1", "/library"), cookie);
    assertThat(header(forged, "Location")).contains("error=1");

    HttpResponse<byte[]> ok = post(form(csrf.group(1), name, "former-pass-1", "/library"), cookie);
    assertThat(ok.statusCode()).isEqualTo(302);
    assertThat(header(ok, "Location")).endsWith("/library");
    String session = header(ok, "Set-Cookie").split(";")[0];
    assertThat(session).as("a new session ID at sign-in").isNotEqualTo(cookie);
    HttpResponse<byte[]> me = get("api/users/me", "Cookie", session);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me).get("username").asText()).isEqualTo(name);

    HttpResponse<byte[]> open =
        post(form(csrf.group(1), name, "former-pass-1", "//evil.example/"), cookie);
    assertThat(header(open, "Location")).doesNotContain("evil");
    admin("DELETE", "api/users/" + name, null);
    assertProblem(get("api/users/me", "Cookie", session), 401);
  }

  private static String form(String csrf, String user, String pw, String next) {
    return "csrf="
        + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
        + "&username="
        + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password="
        + URLEncoder.encode(pw, StandardCharsets.UTF_8)
        + "&next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8);
  }

  private HttpResponse<byte[]> post(String form, String cookie) throws Exception {
    var req =
        java.net.http.HttpRequest.newBuilder(cluster().uri("login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
            .build();
    return cluster().http().send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  default void groupsAreListedCreatedAndRemovedWhenEmpty() throws Exception {
    cluster();
    JsonNode groups = json(admin("GET", "api/groups", null));
    Set<String> names = new TreeSet<>();
    groups.forEach(g -> names.add(g.get("name").asText()));
    assertThat(names).contains("group001", "group002", "webit1", "webit2");
    for (JsonNode g : groups) {
      if (g.get("name").asText().equals("webit1")) {
        assertThat(g.get("activeNodes").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(g.get("members").toString()).contains("\"status\":\"ACTIVE\"");
      }
    }
    HttpResponse<byte[]> c = admin("POST", "api/groups", "{\"name\":\"webgrp9\"}");
    assertThat(c.statusCode()).as(text(c)).isEqualTo(201);
    assertThat(header(c, "Location")).endsWith("/api/groups/webgrp9");
    assertThat(admin("POST", "api/groups", "{\"name\":\"webgrp9\"}").statusCode()).isEqualTo(200);
    assertThat(text(admin("GET", "api/groups", null))).contains("webgrp9");
    assertThat(admin("DELETE", "api/groups/webgrp9", null).statusCode()).isEqualTo(204);
    assertThat(text(admin("GET", "api/groups", null))).doesNotContain("webgrp9");
    HttpResponse<byte[]> again = admin("DELETE", "api/groups/webgrp9", null);
    assertProblem(again, 404);
    assertThat(json(again).get("code").asText()).isEqualTo("UNKNOWN_GROUP");
    assertProblem(admin("DELETE", "api/groups/webit1", null), 409);
    assertProblem(admin("POST", "api/groups", "{\"name\":\"bad name!\"}"), 400);
    assertProblem(admin("POST", "api/groups", "{}"), 400);
  }

  @Test
  default void nodesShowLiveStateAndADecommissionedNodeDrainsThenLeaves() throws Exception {
    WebItCluster c = cluster();
    JsonNode nodes = json(admin("GET", "api/nodes", null));
    int ours = 0;
    for (JsonNode n : nodes) {
      for (var p : c.nodes()) {
        if (n.get("port").asInt() == p.address().port()) {
          ours++;
          assertThat(n.get("status").asText()).isEqualTo("ACTIVE");
          assertThat(n.get("freeBytes").asLong()).isPositive();
          assertThat(n.get("heartbeatSeconds").asInt()).isEqualTo(2);
          assertThat(Instant.parse(n.get("lastHeartbeat").asText()))
              .isAfter(Instant.now().minusSeconds(30));
          assertThat(n.has("lagEntries")).isTrue();
          String id = n.get("nodeId").asText();
          assertThat(json(admin("GET", "api/nodes/" + id, null)).get("port").asInt())
              .isEqualTo(p.address().port());
        }
      }
    }
    assertThat(ours).isEqualTo(2);
    assertProblem(admin("GET", "api/nodes/no-such-node", null), 404);
    assertProblem(admin("POST", "api/nodes/no-such-node/decommission", null), 404);

    // Two simulated members of a fresh group: "leaver" is decommissioned; it leaves when its peer
    // reports it holds everything (lag 0) in a heartbeat after the decommission.
    assertThat(admin("POST", "api/groups", "{\"name\":\"drain7\"}").statusCode()).isEqualTo(201);
    long now = Instant.now().getEpochSecond();
    try (WireConnection t =
        WireConnection.open(
            new HostPort("127.0.0.1", ItEnvironment.trackerPort()),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Limits.DEFAULT)) {
      int port = 6001;
      for (String id : List.of("leaver", "keeper")) {
        assertThat(
                t.call(
                    new Request.JoinEx(
                        id, "0.1.0", "drain7", "sim", "127.0.0.9", port++, now, now, 1)))
            .isEqualTo(new Response.Ok());
        beat(t, id);
      }
      HttpResponse<byte[]> d = admin("POST", "api/nodes/leaver/decommission", null);
      assertThat(d.statusCode()).as(text(d)).isEqualTo(202);
      assertThat(json(d).get("status").asText()).isEqualTo("DRAINING");
      assertThat(((Response.Members) beat(t, "leaver")).flags())
          .isEqualTo(Response.Members.FLAG_DRAIN);
      assertThat(((Response.Members) beat(t, "keeper")).flags()).isZero();
      assertThat(nodeIds()).contains("leaver", "keeper");
      Await.until(
          Duration.ofSeconds(10),
          "the decommissioned node leaves once its peer has everything",
          () -> {
            beat(t, "keeper", new PeerLag("leaver", 0, 0));
            return !nodeIds().contains("leaver");
          });
      Response rejoin =
          t.call(
              new Request.JoinEx(
                  "leaver", "0.1.0", "drain7", "sim", "127.0.0.9", 6000, now, now, 30));
      assertThat(rejoin).isInstanceOf(Response.Error.class);
      assertThat(((Response.Error) rejoin).text()).contains("decommissioned");
    }
    // "keeper" is still a member: the group cannot go, nor can a live node be forgotten.
    assertProblem(admin("DELETE", "api/groups/drain7", null), 409);
    assertProblem(admin("DELETE", "api/nodes/keeper", null), 409);
    // Without beats it is OFFLINE after three 1 s intervals; a dead node can be forgotten, and
    // then the empty group removed (which also keeps it out of the other specs' way).
    Await.until(
        Duration.ofSeconds(15),
        "the silent node is OFFLINE",
        () ->
            json(admin("GET", "api/nodes/keeper", null)).get("status").asText().equals("OFFLINE"));
    assertThat(admin("DELETE", "api/nodes/keeper", null).statusCode()).isEqualTo(204);
    assertProblem(admin("DELETE", "api/nodes/keeper", null), 404);
    assertThat(admin("DELETE", "api/groups/drain7", null).statusCode()).isEqualTo(204);
  }

  private List<String> nodeIds() throws Exception {
    List<String> ids = new ArrayList<>();
    json(admin("GET", "api/nodes", null)).forEach(n -> ids.add(n.get("nodeId").asText()));
    return ids;
  }

  private static Response beat(WireConnection t, String id, PeerLag... lags) throws IOException {
    return t.call(
        new Request.BeatEx(
            id,
            "drain7",
            NodeStatus.ACTIVE,
            1,
            List.of(new RootStat("r", 1L << 30, 1L << 29, false)),
            Load.IDLE,
            List.of(lags)));
  }

  @Test
  default void filesArePagedAcrossGroupsDeletedRestoredAndPurged() throws Exception {
    WebItCluster c = cluster();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(c.upload("pager" + i, ("file " + i).getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    Set<String> groupsSeen = new TreeSet<>();
    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "api/files?limit=4" + (cursor == null ? "" : "&cursor=" + cursor);
      HttpResponse<byte[]> r = admin("GET", path, null);
      assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
      JsonNode page = json(r);
      assertThat(page.get("files").size()).isLessThanOrEqualTo(4);
      page.get("files")
          .forEach(
              f -> {
                listed.add(f.get("fileId").asText());
                if (ids.contains(f.get("fileId").asText())) {
                  groupsSeen.add(f.get("group").asText());
                }
              });
      JsonNode next = page.get("next"); // JSON-B leaves out null members
      cursor = next == null || next.isNull() ? null : next.asText();
      pages++;
    } while (cursor != null && pages < 500);
    assertThat(listed).containsAll(ids);
    assertThat(listed).isSorted().doesNotHaveDuplicates();
    Set<String> expectedGroups = new TreeSet<>();
    for (String user : List.of("pager0", "pager1", "pager2", "pager3", "pager4", "pager5")) {
      expectedGroups.add(c.client().storageAddrs("tnvideo", user).groupName());
    }
    assertThat(groupsSeen).isEqualTo(expectedGroups);

    String id = ids.getFirst();
    JsonNode meta = json(admin("GET", "api/files/" + id, null));
    assertThat(meta.get("userId").asText()).isEqualTo("pager0");
    assertThat(meta.get("size").asLong()).isEqualTo(6);
    assertThat(meta.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(meta.get("contentType").asText()).isEqualTo("text/plain");
    assertThat(meta.get("crc32c").asText()).matches("[0-9a-f]{8}");

    assertThat(admin("DELETE", "api/files/" + id, null).statusCode()).isEqualTo(204);
    assertThat(json(admin("GET", "api/files/" + id, null)).get("status").asText())
        .isEqualTo("DELETED");
    assertProblem(get("files/" + id), 410);
    assertThat(text(admin("GET", "api/files?limit=1000&user=pager0", null))).doesNotContain(id);
    assertThat(text(admin("GET", "api/files?limit=1000&user=pager0&deleted=true", null)))
        .contains(id);
    assertThat(admin("POST", "api/files/" + id + "/restore", null).statusCode()).isEqualTo(204);
    assertThat(text(get("files/" + id))).isEqualTo("file 0");

    assertThat(admin("DELETE", "api/files/" + id + "?purge=true", null).statusCode())
        .isEqualTo(204);
    assertThat(json(admin("GET", "api/files/" + id, null)).get("status").asText())
        .isEqualTo("PURGED");
    assertProblem(get("files/" + id), 410);
    assertThat(admin("POST", "api/files/" + ids.get(1) + "/purge", null).statusCode())
        .isEqualTo(204);

    // Not found once every group with a live node has answered (the tracker story's simulated
    // nodes are reported up until they miss three beats; asking them fails meanwhile: 503).
    Await.until(
        Duration.ofSeconds(60),
        "every live group answers",
        () -> admin("GET", "api/files/0000nosuchfile0000", null).statusCode() == 404);
    HttpResponse<byte[]> missing = admin("GET", "api/files/0000nosuchfile0000", null);
    assertProblem(missing, 404);
    assertThat(json(missing).get("code").asText()).isEqualTo("NOT_FOUND");
    assertProblem(admin("GET", "api/files/bad%20id", null), 400);
    assertProblem(admin("GET", "api/files?limit=0", null), 400);
    assertProblem(admin("GET", "api/files?limit=abc", null), 400); // not a 404: the list exists
    assertProblem(admin("GET", "api/files?cursor=%25%25", null), 400);
    assertProblem(admin("POST", "api/files/0000nosuchfile0000/restore", null), 404);
    // Paths the container refuses before the API sees them are problems too, not its HTML report.
    for (String refused : List.of("api/files/..%2f..%2fetc%2fpasswd", "files/..%2fetc%2fpasswd")) {
      HttpResponse<byte[]> r = admin("GET", refused, null);
      assertProblem(r, r.statusCode());
      assertThat(r.statusCode()).as(refused).isBetween(400, 404);
      assertThat(text(r)).doesNotContainIgnoringCase("payara").doesNotContain("passwd");
    }
  }

  @Test
  default void appsAreListedAndAnAddedOneIsUsableAtOnce() throws Exception {
    WebItCluster c = cluster();
    assertThat(text(admin("GET", "api/apps", null))).contains("\"appId\":\"tnvideo\"");
    HttpResponse<byte[]> add = admin("POST", "api/apps", "{\"appId\":\"webapp2\"}");
    assertThat(add.statusCode()).as(text(add)).isEqualTo(201);
    assertThat(admin("POST", "api/apps", "{\"appId\":\"webapp2\"}").statusCode()).isEqualTo(200);
    assertThat(text(admin("GET", "api/apps", null))).contains("webapp2");
    String id =
        c.client()
            .upload(
                "webapp2",
                "appuser",
                "x".getBytes(StandardCharsets.UTF_8),
                UploadOptions.DEFAULTS.withContentType("text/plain"))
            .fileId();
    assertThat(text(get("files/" + id))).isEqualTo("x");
    assertProblem(admin("POST", "api/apps", "{\"appId\":\"way-too-long-app-id\"}"), 400);
  }

  @Test
  default void metricsAndOpenApiAreServed() throws Exception {
    // Something to count first.
    String id = cluster().upload("metric", new byte[1000], "application/x-test");
    assertThat(get("files/" + id).statusCode()).isEqualTo(200);
    admin("GET", "api/apps", null);
    HttpResponse<byte[]> m = get("/metrics?scope=application");
    assertThat(m.statusCode()).as(text(m)).isEqualTo(200);
    assertThat(text(m))
        .contains("mediadfs_stream_bytes")
        .contains("mediadfs_stream_requests")
        .contains("mediadfs_api_requests")
        .contains("mediadfs_streams_active");
    Await.until(
        Duration.ofSeconds(30),
        "per-node gauges",
        () -> text(get("/metrics?scope=application")).contains("mediadfs_node_lag_entries"));

    HttpResponse<byte[]> o = get("/openapi");
    assertThat(o.statusCode()).isEqualTo(200);
    assertThat(text(o)).contains("openapi").contains("/groups").contains("/files/{fileId}");
  }
}
