package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The seed's levels on a resource with every method (users): 0 None, 1 Read (GET), 2 Read &amp;
 * Write (+ POST, PATCH), 3 Read, Write &amp; Delete (+ DELETE); and the user resource's shapes.
 */
class ApplicationLevelsTest {

  private static TestNode node;
  private static int admin;
  private static final String[] KEYS = new String[4];

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    admin = node.makeUser("levels", true);
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application",
          new JsonObject().put("permissions", new JsonObject().put("users", level).put("servers", 3)));
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int victim(String name) {
    return node.makeUser(name, false);
  }

  private static JsonObject newUser(String name) {
    return new JsonObject().put("email", name + "@example.com").put("username", name)
        .put("first_name", "New").put("last_name", "User");
  }

  private static Http.Response call(String method, int level, String name) {
    String key = KEYS[level];
    switch (method) {
      case "GET":
        return node.http.get("/api/application/users/" + admin, key);
      case "POST":
        return node.http.post("/api/application/users", key, newUser(name));
      case "PATCH":
        int target = victim(name);
        return node.http.request("PATCH", "/api/application/users/" + target).key(key).json(newUser(name + "x")).send();
      default:
        return node.http.delete("/api/application/users/" + victim(name), key);
    }
  }

  private static int needed(String method) {
    return method.equals("GET") ? 1 : method.equals("DELETE") ? 3 : 2;
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PATCH", "DELETE"})
  void eachLevelAgainstEachMethod(String method) {
    for (int level = 0; level <= 3; level++) {
      Http.Response r = call(method, level, ("u" + method + level).toLowerCase());
      if (level >= needed(method)) {
        int ok = method.equals("POST") ? 201 : method.equals("DELETE") ? 204 : 200;
        assertEquals(ok, r.status(), method + " with level " + level + ": " + r);
      } else {
        assertEquals(403, r.status(), method + " with level " + level + ": " + r);
        assertEquals("AccessDeniedHttpException", r.error().getString("code"));
        assertEquals("This action is unauthorized.", r.error().getString("detail"));
      }
    }
  }

  @Test
  void createdUserHasPterodactylsShape() {
    Http.Response r = node.http.post("/api/application/users", KEYS[3],
        newUser("Shape").put("external_id", "billing-42").put("root_admin", "1"));
    assertEquals(201, r.status(), r.toString());
    JsonObject body = r.json();
    assertEquals("user", body.getString("object"));
    JsonObject a = body.getJsonObject("attributes");
    assertEquals("shape", a.getString("username"));
    assertEquals("billing-42", a.getString("external_id"));
    assertEquals(true, a.getBoolean("root_admin"));
    assertEquals(false, a.getBoolean("2fa"));
    assertTrue(a.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), a.getString("created_at"));
    assertNotNull(body.getJsonObject("meta").getString("resource"));
    assertEquals(200, node.http.get("/api/application/users/external/billing-42", KEYS[1]).status());
    assertEquals(404, node.http.get("/api/application/users/external/nobody", KEYS[1]).status());
  }

  @Test
  void validationAndUnknownRecords() {
    Http.Response missing = node.http.post("/api/application/users", KEYS[3], new JsonObject());
    assertEquals(422, missing.status());
    assertEquals(4, missing.json().getJsonArray("errors").size(), missing.toString());
    Http.Response dup = node.http.post("/api/application/users", KEYS[3], newUser("LEVELS"));
    assertEquals(422, dup.status());
    assertEquals("username", dup.error().getJsonObject("meta").getString("source_field"));
    assertEquals("unique", dup.error().getJsonObject("meta").getString("rule"));
    Http.Response nil = node.http.get("/api/application/users/nil", KEYS[1]);
    assertEquals(404, nil.status());
    assertEquals("The requested resource could not be found on the server.", nil.error().getString("detail"));
    assertEquals(404, node.http.get("/api/application/users/999999", KEYS[1]).status());
  }

  @Test
  void paginationEdges() {
    Http.Response zero = node.http.get("/api/application/users?per_page=0", KEYS[1]);
    assertEquals(200, zero.status());
    assertEquals(50, zero.json().getJsonObject("meta").getJsonObject("pagination").getInteger("per_page"));
    Http.Response past = node.http.get("/api/application/users?page=999", KEYS[1]);
    assertEquals(200, past.status());
    assertTrue(past.json().getJsonArray("data").isEmpty());
    assertEquals(100, node.http.get("/api/application/users?per_page=1000", KEYS[1]).json()
        .getJsonObject("meta").getJsonObject("pagination").getInteger("per_page"));
  }
}
