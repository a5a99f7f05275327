package dev.talon;

import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.ApiAssertions;
import dev.talon.support.ClientRows;
import dev.talon.support.Http;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numbers a client can send that would cost the server dearly if taken at face value: exponents such as
 * 1e999999999 (rounding one builds a billion digits on the event loop), strings of a million digits
 * (BigDecimal parses them in quadratic time), JSON numbers past a double's range, and page numbers whose
 * offset overflows an int. Each is answered quickly, with a 422 or a sensible result.
 */
class NumericInputTest {

  private static final List<String> HUGE = List.of("1e999999999", "-1e999999999", "1e-999999999");
  private static final long QUICK_MS = 2000;
  private static final String MILLION_DIGITS = "9".repeat(1_000_000);

  private static TestNode node;
  private static ClientRows rows;
  private static ClientRows.Server server;
  private static String key;
  private static String playerKey;
  private static int location;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000", "rate-limit.client", "100000"));
    rows = ClientRows.create(node);
    int admin = node.makeUser("numbers", true);
    int player = node.makeUser("player", false);
    key = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject()
        .put("servers", 3).put("nodes", 3).put("locations", 3).put("users", 3).put("allocations", 3)));
    playerKey = node.makeKey(player, "client", null);
    server = rows.server(player, "alpha");
    rows.backup(server, "nightly", true, true, false);
    Http.Response created = node.http.post("/api/application/locations", key, new JsonObject().put("short", "num"));
    assertEquals(201, created.status(), created.toString());
    location = created.json().getJsonObject("attributes").getInteger("id");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Sends the request and fails unless the answer came within {@link #QUICK_MS}. */
  private static Http.Response quickly(Http.Request request) {
    long started = System.nanoTime();
    Http.Response r = request.send();
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis < QUICK_MS, () -> "answered in " + millis + " ms: " + r);
    return r;
  }

  private static Http.Response send(String method, String path, String body) {
    return quickly(node.http.request(method, path).key(key).body(body, "application/json"));
  }

  private static void assertRule(JsonArray errors, String field, String rule, String detail) {
    JsonObject entry = validationEntry(errors, field);
    assertEquals(rule, entry.getJsonObject("meta").getString("rule"), entry.encode());
    assertEquals(detail, entry.getString("detail"));
  }

  private static void assertNoEntry(JsonArray errors, String field) {
    for (int i = 0; i < errors.size(); i++) {
      assertFalse(field.equals(errors.getJsonObject(i).getJsonObject("meta").getString("source_field")),
          errors.encode());
    }
  }

  /** A server creation body, valid but for what {@code limits} and {@code feature_limits} say. */
  private static JsonObject serverBody(JsonObject limits, JsonObject featureLimits) {
    return new JsonObject().put("name", "Numbers").put("user", 1).put("egg", rows.eggId)
        .put("docker_image", ClientRows.JAVA_17).put("startup", "java -jar server.jar")
        .put("environment", new JsonObject()).put("limits", limits).put("feature_limits", featureLimits)
        .put("allocation", new JsonObject().put("default", server.allocationId()));
  }

  private static JsonObject limits(Object value) {
    return new JsonObject().put("memory", value).put("swap", value).put("disk", value).put("io", value)
        .put("cpu", value);
  }

  @Test
  void serverCreationRefusesHugeExponentsAsNumbersQuickly() {
    for (String huge : HUGE) {
      JsonArray errors = assertValidation(send("POST", "/api/application/servers",
          serverBody(limits(huge), new JsonObject().put("databases", huge).put("backups", 0)).encode()));
      for (String field : List.of("memory", "swap", "disk", "io", "cpu")) {
        assertRule(errors, "limits." + field, "numeric", "The limits." + field + " must be a number.");
      }
      assertRule(errors, "feature_limits.databases", "integer", "The feature limits.databases must be an integer.");
      assertEquals(6, errors.size(), errors.encode());
    }
  }

  @Test
  void serverCreationMeasuresBoundedExponentsWithoutExpandingThem() {
    JsonObject limits = new JsonObject().put("memory", "1e9999").put("swap", "-1e9999").put("disk", "1e-9999")
        .put("io", "1e9999").put("cpu", "1e-9999");
    // no name: a 422 that shows which numbers passed without creating a server
    JsonArray errors = assertValidation(send("POST", "/api/application/servers",
        serverBody(limits, new JsonObject().put("databases", 0).put("backups", 0)).putNull("name").encode()));
    assertRule(errors, "limits.memory", "max", "The limits.memory may not be greater than 2147483647.");
    assertRule(errors, "limits.swap", "min", "The limits.swap must be at least -1.");
    assertRule(errors, "limits.io", "between", "The limits.io must be between 10 and 1000.");
    assertNoEntry(errors, "limits.disk");
    assertNoEntry(errors, "limits.cpu");
    assertEquals(4, errors.size(), errors.encode());
  }

  @Test
  void jsonNumbersPastADoublesRangeAreNotNumbers() {
    String body = serverBody(new JsonObject(), new JsonObject().put("databases", 0).put("backups", 0)).putNull("name")
        .encode().replace("\"limits\":{}",
            "\"limits\":{\"memory\":1e999999999,\"swap\":-1e999999999,\"disk\":1e-999999999,\"io\":500,\"cpu\":0}");
    JsonArray errors = assertValidation(send("POST", "/api/application/servers", body));
    assertRule(errors, "limits.memory", "numeric", "The limits.memory must be a number.");
    assertRule(errors, "limits.swap", "numeric", "The limits.swap must be a number.");
    assertNoEntry(errors, "limits.disk");
    assertEquals(3, errors.size(), errors.encode());
  }

  @Test
  void aMillionDigitsAreNotParsed() {
    JsonArray memory = assertValidation(send("POST", "/api/application/servers",
        serverBody(limits(0).put("memory", MILLION_DIGITS), new JsonObject().put("databases", 0).put("backups", 0))
            .putNull("name").encode()));
    assertRule(memory, "limits.memory", "numeric", "The limits.memory must be a number.");
    JsonArray databases = assertValidation(send("POST", "/api/application/servers",
        serverBody(limits(0), new JsonObject().put("databases", MILLION_DIGITS).put("backups", 0))
            .putNull("name").encode()));
    assertRule(databases, "feature_limits.databases", "integer", "The feature limits.databases must be an integer.");
    JsonArray node = assertValidation(send("POST", "/api/application/nodes",
        nodeBody().put("memory", MILLION_DIGITS).encode()));
    assertRule(node, "memory", "numeric", "The memory must be a number.");
  }

  private static JsonObject nodeBody() {
    return new JsonObject().put("name", "numbers").put("location_id", location).put("fqdn", "numbers.example.com")
        .put("scheme", "https").put("memory", 1024).put("memory_overallocate", 0).put("disk", 10000)
        .put("disk_overallocate", 0).put("daemon_listen", 8080).put("daemon_sftp", 2022);
  }

  @Test
  void nodeCreationRefusesHugeExponentsAsNumbersQuickly() {
    List<String> fields = List.of("memory", "memory_overallocate", "disk", "disk_overallocate", "daemon_listen",
        "daemon_sftp");
    for (String huge : HUGE) {
      JsonObject body = nodeBody();
      fields.forEach(field -> body.put(field, huge));
      JsonArray errors = assertValidation(send("POST", "/api/application/nodes", body.encode()));
      for (String field : fields) {
        assertEquals("numeric", validationEntry(errors, field).getJsonObject("meta").getString("rule"), errors.encode());
      }
      assertEquals(fields.size(), errors.size(), errors.encode());
    }
    JsonArray large = assertValidation(send("POST", "/api/application/nodes",
        nodeBody().put("memory", "1e9999").put("disk", "-1e9999").encode()));
    assertRule(large, "memory", "max", "The memory may not be greater than 2147483647.");
    assertRule(large, "disk", "min", "The disk must be at least 1.");
    assertEquals(2, large.size(), large.encode());
  }

  @Test
  void tinyExponentsRoundToZero() {
    Http.Response created = send("POST", "/api/application/nodes", nodeBody().put("name", "tiny")
        .put("memory_overallocate", "1e-9999").put("disk_overallocate", "-0.4").put("memory", "2048.5e0").encode());
    assertEquals(201, created.status(), created.toString());
    JsonObject attributes = created.json().getJsonObject("attributes");
    assertEquals(0, attributes.getInteger("memory_overallocate"));
    assertEquals(0, attributes.getInteger("disk_overallocate"));
    assertEquals(2049, attributes.getInteger("memory"), "halves round away from zero");
  }

  @Test
  void buildChangesRefuseHugeExponentsAsNumbersQuickly() {
    String path = "/api/application/servers/" + server.id() + "/build";
    for (String huge : HUGE) {
      JsonObject body = new JsonObject().put("allocation", server.allocationId()).put("limits", limits(huge))
          .put("feature_limits", new JsonObject().put("databases", huge).put("allocations", huge).put("backups", huge));
      JsonArray errors = assertValidation(send("PATCH", path, body.encode()));
      for (String field : List.of("memory", "swap", "disk", "io", "cpu")) {
        assertRule(errors, "limits." + field, "numeric", "The limits." + field + " must be a number.");
      }
      assertRule(errors, "feature_limits.databases", "integer", "The Database Limit must be an integer.");
      assertEquals(8, errors.size(), errors.encode());

      JsonArray legacy = assertValidation(send("PATCH", path, new JsonObject().put("allocation", server.allocationId())
          .put("memory", huge).put("swap", huge).put("disk", huge).put("io", huge).put("cpu", huge)
          .put("feature_limits", new JsonObject().put("databases", 0).put("backups", 0)).encode()));
      assertRule(legacy, "memory", "numeric", "The memory must be a number.");
      assertEquals(5, legacy.size(), legacy.encode());
    }
    assertEquals(1024, ((Number) Sql.value(node, "SELECT memory FROM servers WHERE id = ?", server.id())).intValue(),
        "nothing was changed");
  }

  private static JsonObject pagination(Http.Response r) {
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject("meta").getJsonObject("pagination");
  }

  @Test
  void pagesPastAnIntAnswerAnEmptyPage() {
    long users = Sql.count(node, "SELECT count(*) FROM users");
    for (String page : List.of("999999999", "2147483647", "99999999999")) {
      Http.Response r = quickly(node.http.request("GET", "/api/application/users?page=" + page).key(key));
      JsonObject pagination = pagination(r);
      assertEquals(List.of(), r.json().getJsonArray("data").getList(), r.toString());
      assertEquals(users, pagination.getLong("total"));
      assertEquals(0, pagination.getInteger("count"));
      assertEquals(Long.parseLong(page), pagination.getLong("current_page"));
      assertEquals(1, pagination.getInteger("total_pages"));
      assertTrue(pagination.getJsonObject("links").getString("previous")
          .endsWith("/api/application/users?page=" + (Long.parseLong(page) - 1)), pagination.encode());

      Http.Response mine = quickly(node.http.request("GET", "/api/client?page=" + page).key(playerKey));
      assertEquals(List.of(), mine.json().getJsonArray("data").getList(), mine.toString());
      assertEquals(1, pagination(mine).getLong("total"));
      assertEquals(Long.parseLong(page), pagination(mine).getLong("current_page"));

      Http.Response backups = quickly(node.http.request("GET",
          "/api/client/servers/" + server.identifier() + "/backups?page=" + page).key(playerKey));
      assertEquals(List.of(), backups.json().getJsonArray("data").getList(), backups.toString());
      assertEquals(1, pagination(backups).getLong("total"));

      Http.Response allocations = quickly(node.http.request("GET",
          "/api/application/nodes/" + rows.nodeId + "/allocations?page=" + page).key(key));
      assertEquals(List.of(), allocations.json().getJsonArray("data").getList(), allocations.toString());

      ApiAssertions.assertError(quickly(node.http.request("GET",
              "/api/application/nodes/deployable?memory=1&disk=1&page=" + page).key(key)), 400,
          "NoViableNodeException", "No nodes satisfying the requirements specified for automatic deployment could be found.");
    }
  }

  @Test
  void pagesPastPhpsIntegersAreTheFirstPage() {
    Http.Response r = node.http.get("/api/application/users?page=99999999999999999999", key);
    assertEquals(1, pagination(r).getLong("current_page"));
    assertFalse(r.json().getJsonArray("data").isEmpty(), r.toString());
  }
}
