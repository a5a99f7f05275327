package dev.talon;

import static dev.talon.support.ApiAssertions.APPLICATION_KEY_ON_CLIENT_API;
import static dev.talon.support.ApiAssertions.NOT_FOUND;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertForbidden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Http;
import dev.talon.support.ClientRows;
import dev.talon.support.Sql;
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
 * {@code GET /api/client} and {@code GET /api/client/servers/:server}: which servers a client key
 * reaches (owned, subuser seats, admin types), the client server object with its relationships and
 * meta, filters, pagination, and the refusals.
 */
class ClientServersTest {

  private static final String NO_ACCESS = "The requested resource does not exist on this server.";

  private static TestNode node;
  private static ClientRows rows;
  private static ClientRows.Server alpha;
  private static ClientRows.Server beta;
  private static ClientRows.Server gamma;
  private static ClientRows.Server delta;
  private static String aliceKey;
  private static String carolKey;
  private static String adminKey;
  private static String adminApplicationKey;

  @BeforeAll
  static void start() {
    // no usage flush during the run: the statement count below sees only what a request costs
    node = TestNode.start(Map.of("usage.flush-interval-ms", "600000"));
    rows = ClientRows.create(node);
    int alice = node.makeUser("alice", false);
    int bob = node.makeUser("bob", false);
    int carol = node.makeUser("carol", false);
    int admin = node.makeUser("root", true);
    alpha = rows.server(alice, "alpha");
    beta = rows.server(alice, "beta");
    gamma = rows.server(bob, "gamma");
    delta = rows.server(carol, "delta");
    rows.subuser(gamma, alice, "websocket.connect", "control.console");
    rows.subuser(delta, bob, "user.read");
    // gamma: notes on its primary allocation and a second allocation elsewhere
    Sql.execute(node, "UPDATE allocations SET notes = 'primary notes' WHERE id = ?", gamma.allocationId());
    int extra = rows.allocation("10.0.0.9", 30000);
    Sql.execute(node, "UPDATE allocations SET server_id = ?, notes = 'extra' WHERE id = ?", gamma.id(), extra);
    Sql.execute(node, "INSERT INTO server_variables (server_id, variable_id, variable_value) "
        + "SELECT ?, id, 'paper.jar' FROM egg_variables WHERE env_variable = 'SERVER_JARFILE'", alpha.id());
    aliceKey = node.makeKey(alice, "client", null);
    carolKey = node.makeKey(carol, "client", null);
    adminKey = node.makeKey(admin, "client", null);
    adminApplicationKey = node.makeKey(admin, "application",
        new JsonObject().put("permissions", new JsonObject().put("servers", 3)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<String> names(Http.Response r) {
    assertEquals(200, r.status(), r.toString());
    List<String> names = new ArrayList<>();
    r.json().getJsonArray("data").forEach(s -> names.add(((JsonObject) s).getJsonObject("attributes").getString("name")));
    return names;
  }

  private static JsonObject serverIn(Http.Response list, String name) {
    for (Object o : list.json().getJsonArray("data")) {
      JsonObject s = (JsonObject) o;
      if (name.equals(s.getJsonObject("attributes").getString("name"))) {
        return s;
      }
    }
    throw new AssertionError(name + " not in " + list);
  }

  @Test
  void oneKeyReachesOwnedServersAndASubuserSeat() {
    Http.Response list = node.http.get("/api/client", aliceKey);
    assertEquals(List.of("alpha", "beta", "gamma"), names(list));
    JsonObject owned = serverIn(list, "alpha");
    assertEquals("server", owned.getString("object"));
    assertEquals(new JsonObject().put("is_server_owner", true).put("user_permissions", new JsonArray().add("*")),
        owned.getJsonObject("meta"));
    JsonObject seat = serverIn(list, "gamma");
    assertEquals(new JsonObject().put("is_server_owner", false)
        .put("user_permissions", new JsonArray().add("websocket.connect").add("control.console")), seat.getJsonObject("meta"));
    assertFalse(seat.getJsonObject("attributes").getBoolean("server_owner"));

    for (ClientRows.Server server : List.of(alpha, beta, gamma)) {
      for (String id : List.of(server.identifier(), server.uuid())) {
        Http.Response view = node.http.get("/api/client/servers/" + id, aliceKey);
        assertEquals(200, view.status(), view.toString());
        assertEquals(server.uuid(), view.json().getJsonObject("attributes").getString("uuid"));
        assertTrue(view.json().containsKey("meta"));
      }
    }
    assertError(node.http.get("/api/client/servers/" + delta.identifier(), aliceKey), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(node.http.get("/api/client/servers/" + delta.uuid(), aliceKey), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(node.http.get("/api/client/servers/zz", aliceKey), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.get("/api/client/servers/00000000", aliceKey), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.get("/api/client/servers/00000000-0000-4000-8000-000000000000", aliceKey), 404,
        "NotFoundHttpException", NOT_FOUND);
  }

  @Test
  void theSameKeyManagesAllThree() {
    for (ClientRows.Server owned : List.of(alpha, beta)) {
      Http.Response renamed = node.http.post("/api/client/servers/" + owned.identifier() + "/settings/rename", aliceKey,
          new JsonObject().put("name", Sql.value(node, "SELECT name FROM servers WHERE id = ?", owned.id())));
      assertEquals(204, renamed.status(), renamed.toString());
    }
    String gammaPath = "/api/client/servers/" + gamma.identifier();
    Http.Response command = node.http.post(gammaPath + "/command", aliceKey, new JsonObject().put("command", "say hi"));
    assertEquals(502, command.status(), "control.console passes; no daemon connector runs in this test: " + command);
    assertForbidden(node.http.post(gammaPath + "/settings/rename", aliceKey, new JsonObject().put("name", "mine")),
        "This action is unauthorized.");
  }

  @Test
  void relationsAreLoadedOncePerPage() {
    node.http.get("/api/client", adminKey);
    long before = statements();
    assertEquals(4, node.http.get("/api/client?type=admin-all&include=subusers,egg", adminKey).json()
        .getJsonArray("data").size());
    assertEquals(5, statements() - before, "count, page, allocations, variables, subusers");
    before = statements();
    assertEquals(200, node.http.get("/api/client/servers/" + gamma.identifier(), aliceKey).status());
    assertEquals(4, statements() - before, "access, server, allocations, variables");
  }

  private static long statements() {
    return node.request(Addresses.DB_STATS, new JsonObject()).getLong("statements");
  }

  @Test
  void ownerTypeTrailingSlashAndOtherUsers() {
    assertEquals(List.of("alpha", "beta"), names(node.http.get("/api/client/?type=owner", aliceKey)));
    assertEquals(List.of("alpha", "beta", "gamma"), names(node.http.get("/api/client/", aliceKey)));
    assertEquals(List.of("delta"), names(node.http.get("/api/client", carolKey)));
  }

  @Test
  void adminTypesForRootAdminsOnly() {
    assertEquals(List.of("alpha", "beta", "gamma", "delta"), names(node.http.get("/api/client?type=admin-all", adminKey)));
    assertEquals(List.of("alpha", "beta", "gamma", "delta"), names(node.http.get("/api/client?type=admin", adminKey)));
    assertEquals(List.of(), names(node.http.get("/api/client", adminKey)), "an admin owns and shares none");
    JsonObject asAdmin = serverIn(node.http.get("/api/client?type=admin-all", adminKey), "delta");
    assertEquals(new JsonArray().add("*").add("admin.websocket.errors").add("admin.websocket.install")
        .add("admin.websocket.transfer"), asAdmin.getJsonObject("meta").getJsonArray("user_permissions"));
    assertFalse(asAdmin.getJsonObject("meta").getBoolean("is_server_owner"));
    assertEquals(200, node.http.get("/api/client/servers/" + delta.identifier(), adminKey).status());

    for (String type : List.of("admin", "admin-all")) {
      Http.Response none = node.http.get("/api/client?type=" + type, aliceKey);
      assertEquals(List.of(), names(none));
      assertEquals(0, none.json().getJsonObject("meta").getJsonObject("pagination").getInteger("total"));
    }
  }

  @Test
  void serverObjectForTheOwner() {
    JsonObject body = node.http.get("/api/client/servers/" + alpha.identifier(), aliceKey).json();
    JsonObject a = body.getJsonObject("attributes");
    assertEquals(List.of("server_owner", "identifier", "internal_id", "uuid", "name", "node", "is_node_under_maintenance",
        "sftp_details", "description", "limits", "invocation", "docker_image", "egg_features", "feature_limits", "status",
        "is_suspended", "is_installing", "is_transferring", "relationships"), List.copyOf(a.fieldNames()));
    assertEquals(alpha.identifier(), a.getString("identifier"));
    assertEquals(alpha.id(), a.getInteger("internal_id"));
    assertEquals("node-one", a.getString("node"));
    assertEquals(new JsonObject().put("ip", "node1.example.com").put("port", 2022), a.getJsonObject("sftp_details"));
    assertEquals(new JsonObject().put("memory", 1024).put("swap", 0).put("disk", 5000).put("io", 500).put("cpu", 100)
        .putNull("threads").put("oom_disabled", true), a.getJsonObject("limits"));
    assertEquals("java -Xmx1024M -jar paper.jar --port " + port(alpha) + " --build latest --token [hidden]",
        a.getString("invocation"));
    assertEquals(ClientRows.JAVA_17, a.getString("docker_image"));
    assertEquals(new JsonArray().add("eula").add("java_version"), a.getJsonArray("egg_features"));
    assertEquals(new JsonObject().put("databases", 2).put("allocations", 3).put("backups", 4), a.getJsonObject("feature_limits"));
    assertNull(a.getString("status"));
    assertFalse(a.getBoolean("is_suspended"));

    JsonObject relationships = a.getJsonObject("relationships");
    assertEquals(List.of("allocations", "variables"), List.copyOf(relationships.fieldNames()));
    JsonObject allocation = relationships.getJsonObject("allocations").getJsonArray("data").getJsonObject(0);
    assertEquals("allocation", allocation.getString("object"));
    assertEquals(List.of("id", "ip", "ip_alias", "port", "notes", "is_default"),
        List.copyOf(allocation.getJsonObject("attributes").fieldNames()));
    assertTrue(allocation.getJsonObject("attributes").getBoolean("is_default"));
    JsonArray variables = relationships.getJsonObject("variables").getJsonArray("data");
    assertEquals(3, variables.size(), "the hidden variable is left out: " + variables);
    JsonObject jar = variables.getJsonObject(0);
    assertEquals("egg_variable", jar.getString("object"));
    assertEquals(new JsonObject().put("name", "Server Jar File").put("description", "The Server Jar File.")
        .put("env_variable", "SERVER_JARFILE").put("default_value", "server.jar").put("server_value", "paper.jar")
        .put("is_editable", true).put("rules", "required|regex:/^([\\w\\d._-]+)(\\.jar)$/"), jar.getJsonObject("attributes"));
    assertNull(variables.getJsonObject(1).getJsonObject("attributes").getValue("server_value"), "no value stored: null");
  }

  @Test
  void aSubuserWithoutReadPermissionsSeesThePrimaryAllocationAndNoVariables() {
    JsonObject a = node.http.get("/api/client/servers/" + gamma.identifier(), aliceKey).json().getJsonObject("attributes");
    JsonArray allocations = a.getJsonObject("relationships").getJsonObject("allocations").getJsonArray("data");
    assertEquals(1, allocations.size(), allocations.encode());
    JsonObject primary = allocations.getJsonObject(0).getJsonObject("attributes");
    assertEquals(gamma.allocationId(), primary.getInteger("id"));
    assertNull(primary.getString("notes"), "notes hidden without allocation.read");
    assertEquals(new JsonObject().put("object", "null_resource").putNull("attributes"),
        a.getJsonObject("relationships").getJsonObject("variables"));
    assertEquals("java -Xmx1024M -jar [hidden] --port " + port(gamma) + " --build [hidden] --token [hidden]",
        a.getString("invocation"));

    JsonObject asOwner = node.http.get("/api/client?type=admin-all", adminKey).json();
    JsonObject gammaForAdmin = null;
    for (Object o : asOwner.getJsonArray("data")) {
      if (((JsonObject) o).getJsonObject("attributes").getInteger("internal_id") == gamma.id()) {
        gammaForAdmin = (JsonObject) o;
      }
    }
    JsonArray all = gammaForAdmin.getJsonObject("attributes").getJsonObject("relationships").getJsonObject("allocations")
        .getJsonArray("data");
    assertEquals(2, all.size(), "an admin sees every allocation");
    assertEquals("primary notes", all.getJsonObject(0).getJsonObject("attributes").getString("notes"));
  }

  @Test
  void includesEggAndSubusersAsPermissionsAllow() {
    JsonObject owner = node.http.get("/api/client/servers/" + delta.identifier() + "?include=egg,subusers", carolKey).json()
        .getJsonObject("attributes").getJsonObject("relationships");
    assertEquals(List.of("allocations", "variables", "egg", "subusers"), List.copyOf(owner.fieldNames()));
    assertEquals("Paper", owner.getJsonObject("egg").getJsonObject("attributes").getString("name"));
    assertEquals(List.of("uuid", "name"), List.copyOf(owner.getJsonObject("egg").getJsonObject("attributes").fieldNames()));
    JsonObject seat = owner.getJsonObject("subusers").getJsonArray("data").getJsonObject(0);
    assertEquals("server_subuser", seat.getString("object"));
    assertEquals("bob", seat.getJsonObject("attributes").getString("username"));

    JsonObject list = serverIn(node.http.get("/api/client?include=subusers", aliceKey), "gamma")
        .getJsonObject("attributes").getJsonObject("relationships");
    assertEquals("null_resource", list.getJsonObject("subusers").getString("object"), "alice lacks user.read on gamma");
    assertFalse(list.containsKey("egg"));
  }

  @Test
  void filters() {
    assertEquals(List.of("alpha"), names(node.http.get("/api/client?filter[name]=ALP", aliceKey)));
    assertEquals(List.of("beta"), names(node.http.get("/api/client?filter[external_id]=ext-beta", aliceKey)));
    assertEquals(List.of("beta"), names(node.http.get("/api/client?filter[description]=beta%20server", aliceKey)));
    assertEquals(List.of("gamma"), names(node.http.get("/api/client?filter[uuid]=" + gamma.uuid().substring(0, 13), aliceKey)));
    assertEquals(List.of("beta"), names(node.http.get("/api/client?filter[*]=" + beta.identifier(), aliceKey)));
    assertEquals(List.of("beta"), names(node.http.get("/api/client?filter[*]=" + beta.uuid(), aliceKey)));
    assertEquals(List.of("alpha"), names(node.http.get("/api/client?filter[*]=lph", aliceKey)));
    assertEquals(List.of("alpha", "beta", "gamma"), names(node.http.get("/api/client?filter[*]=10.0.0.1", aliceKey)));
    assertEquals(List.of("gamma"), names(node.http.get("/api/client?filter[*]=10.0.0.9", aliceKey)));
    assertEquals(List.of("gamma"), names(node.http.get("/api/client?filter[*]=10.0.0.9:300", aliceKey)));
    assertEquals(List.of("gamma"), names(node.http.get("/api/client?filter[*]=:3000", aliceKey)));
    assertEquals(List.of("alpha", "beta", "gamma"), names(node.http.get("/api/client?sort=-name", aliceKey)), "sort is ignored");
    Http.Response bad = node.http.get("/api/client?filter[owner]=1", aliceKey);
    assertError(bad, 400, "InvalidFilterQuery",
        "Requested filter(s) `owner` are not allowed. Allowed filter(s) are `uuid, name, description, external_id, *`.");
  }

  @Test
  void paginationKeepsTheQueryString() {
    Http.Response first = node.http.get("/api/client?type=owner&per_page=1", aliceKey);
    assertEquals(List.of("alpha"), names(first));
    JsonObject pagination = first.json().getJsonObject("meta").getJsonObject("pagination");
    assertEquals(2, pagination.getInteger("total"));
    assertEquals(1, pagination.getInteger("per_page"));
    assertEquals(2, pagination.getInteger("total_pages"));
    String next = pagination.getJsonObject("links").getString("next");
    assertTrue(next.endsWith("/api/client?type=owner&per_page=1&page=2"), next);
    Http.Response second = node.http.get(next.substring(next.indexOf("/api/client")), aliceKey);
    assertEquals(List.of("beta"), names(second));
    String previous = second.json().getJsonObject("meta").getJsonObject("pagination").getJsonObject("links")
        .getString("previous");
    assertTrue(previous.endsWith("/api/client?type=owner&per_page=1&page=1"), previous);
    assertEquals(List.of(), names(node.http.get("/api/client?page=9", aliceKey)), "past the end: an empty page");
    assertEquals(50, node.http.get("/api/client?per_page=0", aliceKey).json().getJsonObject("meta")
        .getJsonObject("pagination").getInteger("per_page"));
    assertEquals(100, node.http.get("/api/client?per_page=500", aliceKey).json().getJsonObject("meta")
        .getJsonObject("pagination").getInteger("per_page"));
  }

  @Test
  void applicationKeysAreRefused() {
    assertForbidden(node.http.get("/api/client", adminApplicationKey), APPLICATION_KEY_ON_CLIENT_API);
    assertForbidden(node.http.get("/api/client/servers/" + alpha.identifier(), adminApplicationKey),
        APPLICATION_KEY_ON_CLIENT_API);
    assertForbidden(node.http.get("/api/client/servers/" + alpha.identifier() + "/startup", adminApplicationKey),
        APPLICATION_KEY_ON_CLIENT_API);
    assertEquals(401, node.http.get("/api/client/servers/" + alpha.identifier(), null).status());
  }

  private static int port(ClientRows.Server server) {
    return ((Number) Sql.value(node, "SELECT port FROM allocations WHERE id = ?", server.allocationId())).intValue();
  }
}
