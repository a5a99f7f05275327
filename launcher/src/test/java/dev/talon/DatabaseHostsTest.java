package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.PanelRows;
import dev.talon.support.Sql;
import dev.talon.support.TestMariaDb;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/application/database-hosts} against a real MariaDB: Talon logs in to a host before it
 * saves it, stores its password sealed and never shows it.
 */
class DatabaseHostsTest {

  private static final String HOSTS = "/api/application/database-hosts";
  private static final String[] KEYS = new String[4];
  private static TestNode node;
  private static int nodeId;
  private static String hostAdmin;
  private static String hostPassword;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    int admin = node.makeUser("hostadmin", true);
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application", new JsonObject().put("permissions",
          new JsonObject().put("database_hosts", level).put("locations", 3)));
    }
    Http.Response location = node.http.post("/api/application/locations", KEYS[3], new JsonObject().put("short", "db-loc"));
    assertEquals(201, location.status(), location.toString());
    nodeId = new PanelRows(node, admin, location.json().getJsonObject("attributes").getInteger("id")).nodeId();
    hostAdmin = TestMariaDb.uniqueName("talon_h");
    hostPassword = TestMariaDb.randomPassword();
    LogCapture.rememberSecret(hostPassword);
    TestMariaDb.execute(node.vertx, "CREATE USER '" + hostAdmin + "'@'%' IDENTIFIED BY '" + hostPassword + "'");
    TestMariaDb.execute(node.vertx, "GRANT ALL PRIVILEGES ON *.* TO '" + hostAdmin + "'@'%' WITH GRANT OPTION");
  }

  @AfterAll
  static void stop() {
    try {
      TestMariaDb.execute(node.vertx, "DROP USER IF EXISTS '" + hostAdmin + "'@'%'");
    } finally {
      node.close();
    }
  }

  private static JsonObject host(String name, String password) {
    MySQLConnectOptions server = TestMariaDb.admin();
    JsonObject body = new JsonObject().put("name", name).put("host", server.getHost()).put("port", server.getPort())
        .put("username", hostAdmin);
    return password == null ? body : body.put("password", password);
  }

  private static int create(String name) {
    Http.Response r = node.http.post(HOSTS, KEYS[3], host(name, hostPassword));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  private static Http.Response patch(int id, String key, JsonObject body) {
    return node.http.request("PATCH", HOSTS + "/" + id).key(key).json(body).send();
  }

  @Test
  void createViewListUpdateDeleteWithoutEverShowingThePassword() {
    Http.Response created = node.http.post(HOSTS, KEYS[2], host("Primary host", hostPassword).put("node_id", nodeId));
    assertEquals(201, created.status(), created.toString());
    assertFalse(created.body().contains(hostPassword));
    JsonObject body = created.json();
    assertEquals("database_host", body.getString("object"));
    JsonObject a = body.getJsonObject("attributes");
    assertEquals(List.of("id", "name", "host", "port", "username", "node", "created_at", "updated_at"),
        List.copyOf(a.fieldNames()));
    int id = a.getInteger("id");
    assertEquals(nodeId, a.getInteger("node"));
    assertEquals(TestMariaDb.admin().getPort(), a.getInteger("port"));
    assertTrue(a.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), a.toString());
    assertTrue(body.getJsonObject("meta").getString("resource").endsWith(HOSTS + "/" + id));

    String stored = (String) Sql.value(node, "SELECT password FROM database_hosts WHERE id = ?", id);
    assertTrue(stored.startsWith("v1:") && !stored.contains(hostPassword), "the password is stored sealed");

    Http.Response view = node.http.get(HOSTS + "/" + id, KEYS[1]);
    assertEquals(200, view.status(), view.toString());
    assertEquals("Primary host", view.json().getJsonObject("attributes").getString("name"));
    Http.Response listed = node.http.get(HOSTS + "?filter[name]=primary", KEYS[1]);
    assertEquals(200, listed.status(), listed.toString());
    assertEquals(1, listed.json().getJsonArray("data").size());
    assertEquals(1, listed.json().getJsonObject("meta").getJsonObject("pagination").getInteger("total"));
    assertFalse(listed.body().contains(hostPassword));

    Http.Response renamed = patch(id, KEYS[2], host("Renamed host", null));
    assertEquals(200, renamed.status(), "no password keeps the stored one, which still logs in: " + renamed);
    assertEquals("Renamed host", renamed.json().getJsonObject("attributes").getString("name"));
    assertNull(renamed.json().getJsonObject("attributes").getInteger("node"), "PATCH is a full replace");
    assertEquals(stored, Sql.value(node, "SELECT password FROM database_hosts WHERE id = ?", id));

    String wrong = TestMariaDb.randomPassword();
    Http.Response refused = patch(id, KEYS[2], host("Renamed host", wrong));
    assertEquals(400, refused.status(), refused.toString());
    assertFalse(refused.body().contains(wrong));
    assertEquals(stored, Sql.value(node, "SELECT password FROM database_hosts WHERE id = ?", id), "a refused update changes nothing");

    assertEquals(403, node.http.delete(HOSTS + "/" + id, KEYS[2]).status());
    Http.Response deleted = node.http.delete(HOSTS + "/" + id, KEYS[3]);
    assertEquals(204, deleted.status());
    assertEquals("", deleted.body());
    assertEquals(404, node.http.get(HOSTS + "/" + id, KEYS[1]).status());
    assertEquals(404, node.http.delete(HOSTS + "/" + id, KEYS[3]).status());
    assertEquals(404, patch(id, KEYS[3], host("Gone", hostPassword)).status());
  }

  @Test
  void levelsGuardEveryRoute() {
    int id = create("Levels host");
    assertEquals(403, node.http.get(HOSTS, KEYS[0]).status());
    assertEquals(200, node.http.get(HOSTS, KEYS[1]).status());
    assertEquals(403, node.http.get(HOSTS + "/" + id, KEYS[0]).status());
    assertEquals(200, node.http.get(HOSTS + "/" + id, KEYS[1]).status());
    assertEquals(403, node.http.post(HOSTS, KEYS[0], host("No", hostPassword)).status());
    assertEquals(403, node.http.post(HOSTS, KEYS[1], host("No", hostPassword)).status());
    assertEquals(403, patch(id, KEYS[0], host("No", null)).status());
    assertEquals(403, patch(id, KEYS[1], host("No", null)).status());
    assertEquals(200, patch(id, KEYS[2], host("Levels host", null)).status());
    assertEquals(403, node.http.delete(HOSTS + "/" + id, KEYS[0]).status());
    Http.Response belowDelete = node.http.delete(HOSTS + "/" + id, KEYS[2]);
    assertEquals(403, belowDelete.status());
    assertEquals("This action is unauthorized.", belowDelete.error().getString("detail"));
    assertEquals(204, node.http.delete(HOSTS + "/" + id, KEYS[3]).status());
  }

  @Test
  void aHostTalonCannotLogInToIsRefusedWithAClearMessage() {
    long before = Sql.count(node, "SELECT count(*) FROM database_hosts");
    Http.Response closed = node.http.post(HOSTS, KEYS[3], host("Closed port", hostPassword).put("port", TestNode.freePort()));
    assertEquals(400, closed.status(), closed.toString());
    assertEquals("DisplayException", closed.error().getString("code"));
    assertTrue(closed.error().getString("detail")
        .startsWith("There was an error while trying to connect to the host or while executing a query: \""), closed.toString());

    String wrong = TestMariaDb.randomPassword();
    LogCapture.rememberSecret(wrong);
    Http.Response denied = node.http.post(HOSTS, KEYS[3], host("Wrong password", wrong));
    assertEquals(400, denied.status(), denied.toString());
    assertTrue(denied.error().getString("detail").startsWith("There was an error while trying to connect to the host or"
        + " while executing a query: \"SQLSTATE[28000] [1045] Access denied for user '" + hostAdmin + "'@"), denied.toString());
    assertFalse(denied.body().contains(wrong));
    assertEquals(before, Sql.count(node, "SELECT count(*) FROM database_hosts"), "nothing saved");
    for (String line : LogCapture.lines()) {
      assertFalse(line.contains(wrong) || line.contains(hostPassword), "a host password was logged: " + line);
    }
  }

  @Test
  void validationFollowsTheAdminForm() {
    Http.Response empty = node.http.post(HOSTS, KEYS[3], new JsonObject());
    assertEquals(422, empty.status());
    assertEquals(List.of("name:required", "host:required", "port:required", "username:required"), rules(empty));
    assertEquals("The port field is required.", empty.json().getJsonArray("errors").getJsonObject(2).getString("detail"));

    Http.Response bad = node.http.post(HOSTS, KEYS[3], host("x".repeat(192), hostPassword).put("port", 70000)
        .put("username", "u".repeat(33)).put("max_databases", -1).put("node_id", "one"));
    assertEquals(422, bad.status());
    assertEquals(List.of("name:between", "port:between", "username:between", "max_databases:min", "node_id:integer"),
        rules(bad));
    assertEquals("The port must be between 1 and 65535.", bad.json().getJsonArray("errors").getJsonObject(1).getString("detail"));
    assertEquals(List.of("port:numeric"), rules(node.http.post(HOSTS, KEYS[3], host("Port", hostPassword).put("port", "abc"))));

    Http.Response unknownNode = node.http.post(HOSTS, KEYS[3], host("Nodeless", hostPassword).put("node_id", 999_999));
    assertEquals(422, unknownNode.status(), unknownNode.toString());
    assertEquals(List.of("node_id:exists"), rules(unknownNode));
    assertEquals("The selected node id is invalid.", unknownNode.error().getString("detail"));

    Http.Response numericStrings = node.http.post(HOSTS, KEYS[3], host("Strings", hostPassword)
        .put("port", String.valueOf(TestMariaDb.admin().getPort())).put("node_id", String.valueOf(nodeId)).put("max_databases", ""));
    assertEquals(201, numericStrings.status(), numericStrings.toString());
    assertEquals(nodeId, numericStrings.json().getJsonObject("attributes").getInteger("node"));
  }

  private static List<String> rules(Http.Response r) {
    List<String> out = new ArrayList<>();
    JsonArray errors = r.json().getJsonArray("errors");
    errors.forEach(e -> {
      JsonObject meta = ((JsonObject) e).getJsonObject("meta");
      out.add(meta.getString("source_field") + ":" + meta.getString("rule"));
    });
    return out;
  }
}
