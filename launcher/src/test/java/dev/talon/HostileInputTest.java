package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route, with bodies of the wrong shape and ids that name nothing sensible: each answer is a
 * refusal in Pterodactyl's JSON envelope (or a success), never a 500 and never anything but JSON.
 */
class HostileInputTest {

  private static TestNode node;
  private static String appKey;
  private static String clientKey;
  private static final Map<String, String> REAL = new java.util.HashMap<>();

  /** Every route of the API, as registered (path parameters filled in by {@link #fill}). */
  private static final List<String> ROUTES = List.of(
      "GET /api/client/account", "GET /api/client/account/api-keys", "POST /api/client/account/api-keys",
      "DELETE /api/client/account/api-keys/:identifier", "PUT /api/client/account/email",
      "PUT /api/client/account/password", "GET /api/client/account/activity", "GET /api/client/account/ssh-keys",
      "POST /api/client/account/ssh-keys", "POST /api/client/account/ssh-keys/remove", "GET /api/client/permissions",
      "GET /api/client", "GET /api/client/servers/:server", "GET /api/client/servers/:server/users",
      "POST /api/client/servers/:server/users", "GET /api/client/servers/:server/users/:user",
      "POST /api/client/servers/:server/users/:user", "DELETE /api/client/servers/:server/users/:user",
      "GET /api/client/servers/:server/network/allocations", "POST /api/client/servers/:server/network/allocations",
      "POST /api/client/servers/:server/network/allocations/:allocation",
      "POST /api/client/servers/:server/network/allocations/:allocation/primary",
      "DELETE /api/client/servers/:server/network/allocations/:allocation",
      "GET /api/client/servers/:server/databases", "POST /api/client/servers/:server/databases",
      "POST /api/client/servers/:server/databases/:database/rotate-password",
      "DELETE /api/client/servers/:server/databases/:database", "GET /api/client/servers/:server/startup",
      "PUT /api/client/servers/:server/startup/variable", "POST /api/client/servers/:server/settings/rename",
      "PUT /api/client/servers/:server/settings/docker-image", "GET /api/client/servers/:server/backups",
      "GET /api/client/servers/:server/backups/:backup", "POST /api/client/servers/:server/backups/:backup/lock",
      "POST /api/client/servers/:server/power", "POST /api/client/servers/:server/command",
      "GET /api/client/servers/:server/files/list", "GET /api/client/servers/:server/files/contents",
      "GET /api/application/api-keys", "POST /api/application/api-keys", "GET /api/application/api-keys/:identifier",
      "DELETE /api/application/api-keys/:identifier", "GET /api/application/users",
      "GET /api/application/users/external/:external", "GET /api/application/users/:id", "POST /api/application/users",
      "PATCH /api/application/users/:id", "DELETE /api/application/users/:id", "GET /api/application/locations",
      "GET /api/application/locations/:id", "POST /api/application/locations", "PATCH /api/application/locations/:id",
      "DELETE /api/application/locations/:id", "GET /api/application/database-hosts",
      "GET /api/application/database-hosts/:id", "POST /api/application/database-hosts",
      "PATCH /api/application/database-hosts/:id", "DELETE /api/application/database-hosts/:id",
      "GET /api/application/servers/:id/databases", "GET /api/application/servers/:id/databases/:database",
      "POST /api/application/servers/:id/databases",
      "POST /api/application/servers/:id/databases/:database/reset-password",
      "DELETE /api/application/servers/:id/databases/:database", "GET /api/application/nests",
      "GET /api/application/nests/:id", "GET /api/application/nests/:id/eggs", "GET /api/application/nests/:id/eggs/:id",
      "GET /api/application/nodes", "GET /api/application/nodes/deployable", "GET /api/application/nodes/:id",
      "GET /api/application/nodes/:id/configuration", "POST /api/application/nodes", "PATCH /api/application/nodes/:id",
      "DELETE /api/application/nodes/:id", "GET /api/application/nodes/:id/allocations",
      "POST /api/application/nodes/:id/allocations", "DELETE /api/application/nodes/:id/allocations/:allocation",
      "GET /api/application/servers", "GET /api/application/servers/external/:external", "GET /api/application/servers/:id",
      "POST /api/application/servers", "PATCH /api/application/servers/:id/details",
      "PATCH /api/application/servers/:id/build", "PATCH /api/application/servers/:id/startup",
      "POST /api/application/servers/:id/suspend", "POST /api/application/servers/:id/unsuspend",
      "POST /api/application/servers/:id/reinstall", "DELETE /api/application/servers/:id",
      "DELETE /api/application/servers/:id/force");

  /** Field names the routes read; each gets every hostile value in turn. */
  private static final List<String> FIELDS = List.of("name", "user", "egg", "email", "username", "first_name",
      "last_name", "password", "root_admin", "external_id", "short", "long", "ports", "ip", "alias", "limits",
      "feature_limits", "environment", "allocation", "description", "permissions", "allowed_ips", "expires_at",
      "database", "remote", "host", "port", "docker_image", "image", "startup", "skip_scripts", "key", "value", "notes",
      "signal", "command", "public_key", "fingerprint", "current_password", "password_confirmation", "location_id",
      "fqdn", "scheme", "memory", "disk", "memory_overallocate", "disk_overallocate", "daemon_listen", "daemon_sftp",
      "daemon_base", "upload_size", "public", "node_id", "max_databases", "deploy", "add_allocations",
      "remove_allocations", "oom_disabled", "r_users", "description");

  private static List<Object> hostileValues() {
    return List.of(new JsonArray().add(new JsonObject().put("a", new JsonArray().add(1))), new JsonObject().put("x", "y"),
        true, -1, 1.5e308, "9".repeat(400), "x".repeat(100_000), "\u0000\ud83d\ude00'\";--", "1e99999", -2147483649L,
        new JsonArray().add(null).add("25565-99999").add("a-b"));
  }

  /** Ids that name nothing sensible. */
  private static final List<String> HOSTILE_IDS = List.of("-1", "99999999999999999999", "1e3", "%00", "abc%20def",
      "0x10", "..%2F..", "ptlc_" + "A".repeat(16));

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000000", "rate-limit.client", "100000000"));
    int admin = node.makeUser("admin", true);
    JsonObject all = new JsonObject();
    for (String r : List.of("users", "nodes", "allocations", "servers", "locations", "nests", "eggs", "database_hosts",
        "server_databases")) {
      all.put(r, 3);
    }
    appKey = node.makeKey(admin, "application", new JsonObject().put("permissions", all));
    clientKey = node.makeKey(admin, "client", null);
    int location = created(node.http.post("/api/application/locations", appKey, new JsonObject().put("short", "hostile")));
    int nodeId = created(node.http.post("/api/application/nodes", appKey, new JsonObject().put("name", "hostile")
        .put("location_id", location).put("fqdn", "h.example.com").put("scheme", "https").put("memory", 4096)
        .put("memory_overallocate", 0).put("disk", 40960).put("disk_overallocate", 0).put("daemon_listen", 8080)
        .put("daemon_sftp", 2022)));
    node.http.post("/api/application/nodes/" + nodeId + "/allocations", appKey,
        new JsonObject().put("ip", "10.8.0.1").put("ports", new JsonArray().add("31000-31004")));
    int allocation = node.http.get("/api/application/nodes/" + nodeId + "/allocations", appKey).json()
        .getJsonArray("data").getJsonObject(0).getJsonObject("attributes").getInteger("id");
    Http.Response server = node.http.post("/api/application/servers", appKey, new JsonObject().put("name", "hostile")
        .put("user", admin).put("egg", 1).put("docker_image", "ghcr.io/pterodactyl/yolks:java_17")
        .put("startup", "java -jar server.jar").put("environment", new JsonObject())
        .put("limits", new JsonObject().put("memory", 512).put("swap", 0).put("disk", 1024).put("io", 500).put("cpu", 0))
        .put("feature_limits", new JsonObject().put("databases", 2).put("allocations", 3).put("backups", 1))
        .put("allocation", new JsonObject().put("default", allocation)));
    int serverId = created(server);
    REAL.put(":id", String.valueOf(serverId));
    REAL.put(":server", server.json().getJsonObject("attributes").getString("identifier"));
    REAL.put(":allocation", String.valueOf(allocation));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int created(Http.Response r) {
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  /** The route's path with each parameter replaced by {@code value}, or by a real id when it is null. */
  private static String fill(String path, String value) {
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      out.append('/');
      if (part.startsWith(":")) {
        out.append(value != null ? value : REAL.getOrDefault(part, "1"));
      } else {
        out.append(part);
      }
    }
    return out.toString();
  }

  private static void assertRefusedCleanly(String what, Http.Response r, List<String> failures) {
    String type = r.header("Content-Type");
    boolean json = r.status() == 204 ? r.body().isEmpty() : type != null && type.startsWith("application/json");
    boolean envelope = r.status() < 400 || (json && r.json().getJsonArray("errors") != null);
    if (r.status() >= 500 || !json || !envelope) {
      failures.add(what + " -> " + r.status() + " " + type + " " + r.body().substring(0, Math.min(200, r.body().length())));
    }
  }

  @Test
  void wrongShapesOfBodyAreRefusedWithTheEnvelope() {
    List<String> failures = new ArrayList<>();
    List<String> bodies = new ArrayList<>(List.of("[]", "\"text\"", "12", "null", "{}", "{\"a\":", "[[[[[[[[[[]]]]]]]]]]"));
    for (Object value : hostileValues()) {
      JsonObject body = new JsonObject();
      FIELDS.forEach(f -> body.put(f, value));
      bodies.add(body.encode());
    }
    for (String route : ROUTES) {
      String method = route.substring(0, route.indexOf(' '));
      if (method.equals("GET") || method.equals("DELETE")) {
        continue;
      }
      String path = fill(route.substring(route.indexOf(' ') + 1), null);
      String key = path.startsWith("/api/client") ? clientKey : appKey;
      for (String body : bodies) {
        Http.Response r = node.http.request(method, path).key(key).body(body, "application/json").send();
        assertRefusedCleanly(method + " " + path + " " + body.substring(0, Math.min(60, body.length())), r, failures);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " answers were not clean refusals:\n" + String.join("\n", failures));
  }

  @Test
  void idsThatNameNothingAreRefusedWithTheEnvelope() {
    List<String> failures = new ArrayList<>();
    for (String route : ROUTES) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      if (!template.contains(":")) {
        continue;
      }
      String key = template.startsWith("/api/client") ? clientKey : appKey;
      for (String id : HOSTILE_IDS) {
        String path = fill(template, id);
        Http.Request request = node.http.request(method, path).key(key);
        if (!method.equals("GET") && !method.equals("DELETE")) {
          request.body("{}", "application/json");
        }
        assertRefusedCleanly(method + " " + path, request.send(), failures);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " answers were not clean refusals:\n" + String.join("\n", failures));
  }

  @Test
  void hostileQueryParametersAreRefusedWithTheEnvelope() {
    List<String> failures = new ArrayList<>();
    List<String> queries = List.of("?page=-5&per_page=-1", "?page=1e9&per_page=1e9", "?include=" + "a.".repeat(500),
        "?filter%5Bname%5D=%00%25_%5C", "?sort=-,,-id,,", "?type=admin-all&filter%5B*%5D=999.999.999.999:%25",
        "?memory=-1&disk=1e99&location_ids%5B%5D=x", "?filter%5Bserver_id%5D=9999999999999999999");
    for (String route : ROUTES) {
      if (!route.startsWith("GET ")) {
        continue;
      }
      String path = fill(route.substring(4), null);
      String key = path.startsWith("/api/client") ? clientKey : appKey;
      for (String query : queries) {
        assertRefusedCleanly("GET " + path + query, node.http.get(path + query, key), failures);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " answers were not clean refusals:\n" + String.join("\n", failures));
  }

  @Test
  void aNulCharacterIsNamedOnItsFieldOrRefusedInTheUri() {
    Http.Response body = node.http.post("/api/application/locations", appKey,
        new JsonObject().put("short", "ok").put("long", "a\u0000b"));
    assertEquals(422, body.status(), body.toString());
    JsonObject entry = body.json().getJsonArray("errors").getJsonObject(0);
    assertEquals("long", entry.getJsonObject("meta").getString("source_field"));
    assertEquals("The long may not contain a NUL character.", entry.getString("detail"));
    Http.Response uri = node.http.get("/api/application/users/external/a%00b", appKey);
    assertEquals(400, uri.status(), uri.toString());
    assertEquals("The request contains characters that cannot be stored.", uri.error().getString("detail"));
  }
}
