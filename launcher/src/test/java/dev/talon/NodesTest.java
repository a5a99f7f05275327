package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.ApiAssertions;
import dev.talon.support.Http;
import dev.talon.support.PanelRows;
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
 * {@code /api/application/nodes}: routes and levels, shapes, validation, filters, includes, the
 * deployment search, the daemon configuration and the deletes children refuse.
 */
class NodesTest {

  private static final String NODES = "/api/application/nodes";
  private static final String LOCATIONS = "/api/application/locations";
  private static final List<String> NODE_ATTRIBUTES = List.of("id", "uuid", "public", "name", "description",
      "location_id", "fqdn", "scheme", "behind_proxy", "maintenance_mode", "memory", "memory_overallocate", "disk",
      "disk_overallocate", "upload_size", "daemon_listen", "daemon_sftp", "daemon_base", "created_at", "updated_at",
      "allocated_resources");
  private static final String DEFAULT_BASE = "/var/lib/pterodactyl/volumes";

  private static TestNode node;
  private static int admin;
  /** Level N on nodes, full rights on locations and allocations. */
  private static final String[] KEYS = new String[4];
  /** Full rights on nodes and nothing else. */
  private static String nodesOnly;
  /** Full rights on locations, none on nodes. */
  private static String locationsOnly;
  private static int location;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    admin = node.makeUser("nodes", true);
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application", new JsonObject().put("permissions",
          new JsonObject().put("nodes", level).put("locations", 3).put("allocations", 3)));
    }
    nodesOnly = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("nodes", 3)));
    locationsOnly = node.makeKey(admin, "application",
        new JsonObject().put("permissions", new JsonObject().put("locations", 3)));
    location = createLocation("nd-main");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int createLocation(String code) {
    Http.Response r = node.http.post(LOCATIONS, KEYS[3], new JsonObject().put("short", code));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  private static JsonObject nodeBody(String name, int locationId) {
    return new JsonObject().put("name", name).put("location_id", locationId).put("fqdn", name + ".example.com")
        .put("scheme", "https").put("memory", 1024).put("memory_overallocate", 0).put("disk", 10000)
        .put("disk_overallocate", 0).put("daemon_listen", 8080).put("daemon_sftp", 2022);
  }

  private static JsonObject createNode(JsonObject body) {
    Http.Response r = node.http.post(NODES, KEYS[3], body);
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  private static Http.Response patch(String path, String key, JsonObject body) {
    return node.http.request("PATCH", path).key(key).json(body).send();
  }

  /** Adds one allocation on the node and answers its id. */
  private static int allocation(int nodeId, String ip, String port) {
    Http.Response added = node.http.post(NODES + "/" + nodeId + "/allocations", KEYS[3],
        new JsonObject().put("ip", ip).put("ports", new JsonArray().add(port)));
    assertEquals(204, added.status(), added.toString());
    JsonArray data = node.http.get(NODES + "/" + nodeId + "/allocations?filter[port]=" + port, KEYS[3]).json()
        .getJsonArray("data");
    return data.getJsonObject(0).getJsonObject("attributes").getInteger("id");
  }

  private static List<String> sourceFields(JsonArray errors) {
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(((JsonObject) e).getJsonObject("meta").getString("source_field")));
    return fields;
  }

  private static List<Integer> ids(JsonArray data) {
    List<Integer> ids = new ArrayList<>();
    data.forEach(e -> ids.add(((JsonObject) e).getJsonObject("attributes").getInteger("id")));
    return ids;
  }

  @Test
  void createViewUpdateDeleteInPterodactylsShape() {
    Http.Response created = node.http.post(NODES, KEYS[2],
        nodeBody("Shape-1", location).put("daemon_base", "/srv/daemon").put("public", false));
    assertEquals(201, created.status(), created.toString());
    JsonObject body = created.json();
    assertEquals("node", body.getString("object"));
    JsonObject a = body.getJsonObject("attributes");
    assertEquals(NODE_ATTRIBUTES, List.copyOf(a.fieldNames()));
    int id = a.getInteger("id");
    assertTrue(body.getJsonObject("meta").getString("resource").endsWith(NODES + "/" + id), body.encode());
    assertTrue(a.getString("uuid").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertEquals(false, a.getBoolean("public"));
    assertNull(a.getString("description"));
    assertEquals(location, a.getInteger("location_id"));
    assertEquals(false, a.getBoolean("behind_proxy"));
    assertEquals(false, a.getBoolean("maintenance_mode"));
    assertEquals(100, a.getInteger("upload_size"));
    assertEquals("/srv/daemon", a.getString("daemon_base"));
    assertEquals(new JsonObject().put("memory", 0).put("disk", 0), a.getJsonObject("allocated_resources"));
    assertTrue(a.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"));
    assertFalse(created.body().contains("daemon_token") || created.body().contains("token_id"), created.body());

    Http.Response viewed = node.http.get(NODES + "/" + id, KEYS[1]);
    assertEquals(200, viewed.status(), viewed.toString());
    assertEquals(NODE_ATTRIBUTES, List.copyOf(viewed.json().getJsonObject("attributes").fieldNames()));
    assertEquals("Shape-1", viewed.json().getJsonObject("attributes").getString("name"));

    Http.Response updated = patch(NODES + "/" + id, KEYS[2], nodeBody("Shape-2", location).put("memory", 2048));
    assertEquals(200, updated.status(), updated.toString());
    JsonObject u = updated.json().getJsonObject("attributes");
    assertEquals("Shape-2", u.getString("name"));
    assertEquals(2048, u.getInteger("memory"));
    assertEquals(DEFAULT_BASE, u.getString("daemon_base"), "a PATCH without daemon_base resets it");
    assertEquals(false, u.getBoolean("public"), "a PATCH without public leaves it");
    Http.Response partial = patch(NODES + "/" + id, KEYS[2], new JsonObject().put("name", "Shape-3"));
    assertEquals("fqdn", ApiAssertions.validationEntry(ApiAssertions.assertValidation(partial), "fqdn")
        .getJsonObject("meta").getString("source_field"), "PATCH is a full replace");

    Http.Response deleted = node.http.delete(NODES + "/" + id, KEYS[3]);
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals("", deleted.body());
    ApiAssertions.assertError(node.http.get(NODES + "/" + id, KEYS[1]), 404, "NotFoundHttpException",
        ApiAssertions.NOT_FOUND);
  }

  @Test
  void levelsGuardEveryRoute() {
    int id = createNode(nodeBody("Levels-1", location)).getInteger("id");
    record Call(String method, String path, int needed, JsonObject body, int ok) {
    }
    List<Call> calls = List.of(
        new Call("GET", NODES, 1, null, 200),
        new Call("GET", NODES + "/deployable?memory=0&disk=0", 1, null, 200),
        new Call("GET", NODES + "/" + id, 1, null, 200),
        new Call("GET", NODES + "/" + id + "/configuration", 1, null, 200),
        new Call("POST", NODES, 2, nodeBody("Levels-2", location), 201),
        new Call("PATCH", NODES + "/" + id, 2, nodeBody("Levels-1b", location), 200),
        new Call("DELETE", NODES + "/" + id, 3, null, 204));
    for (Call call : calls) {
      for (int level : new int[] {call.needed() - 1, 0}) {
        Http.Response refused = node.http.request(call.method(), call.path()).key(KEYS[level]).json(call.body()).send();
        ApiAssertions.assertForbidden(refused, ApiAssertions.UNAUTHORIZED);
      }
      Http.Response allowed = node.http.request(call.method(), call.path()).key(KEYS[3]).json(call.body()).send();
      assertEquals(call.ok(), allowed.status(), call.method() + " " + call.path() + ": " + allowed);
    }
    assertEquals(201, node.http.post(NODES, nodesOnly, nodeBody("Levels-3", location)).status(),
        "a node key needs no right on locations to place a node in one");
  }

  @Test
  void unknownNodesAre404() {
    for (String path : List.of(NODES + "/999999", NODES + "/abc", NODES + "/999999/configuration")) {
      ApiAssertions.assertError(node.http.get(path, KEYS[3]), 404, "NotFoundHttpException", ApiAssertions.NOT_FOUND);
    }
    ApiAssertions.assertError(patch(NODES + "/999999", KEYS[3], nodeBody("Ghost", location)), 404,
        "NotFoundHttpException", ApiAssertions.NOT_FOUND);
    ApiAssertions.assertError(node.http.delete(NODES + "/999999", KEYS[3]), 404, "NotFoundHttpException",
        ApiAssertions.NOT_FOUND);
  }

  @Test
  void validationFollowsPterodactylsRulesAndOrder() {
    JsonArray missing = ApiAssertions.assertValidation(node.http.post(NODES, KEYS[3], new JsonObject()));
    assertEquals(List.of("name", "location_id", "fqdn", "scheme", "memory", "memory_overallocate", "disk",
        "disk_overallocate", "daemon_sftp", "daemon_listen"), sourceFields(missing));
    assertEquals("The Location field is required.", ApiAssertions.validationEntry(missing, "location_id").getString("detail"));
    assertEquals("required", ApiAssertions.validationEntry(missing, "name").getJsonObject("meta").getString("rule"));

    JsonObject bad = nodeBody("bad/name", 999999).put("public", "maybe").put("behind_proxy", null).put("memory", 0)
        .put("memory_overallocate", -2).put("disk", "lots").put("daemon_listen", 70000).put("daemon_base", "relative")
        .put("upload_size", 2000);
    JsonArray errors = ApiAssertions.assertValidation(node.http.post(NODES, KEYS[3], bad));
    assertEquals(List.of("name", "location_id", "public", "behind_proxy", "memory", "memory_overallocate", "disk",
        "daemon_base", "daemon_listen", "upload_size"), sourceFields(errors));
    Map<String, String[]> expected = Map.of(
        "name", new String[] {"regex", "The name format is invalid."},
        "location_id", new String[] {"exists", "The selected Location is invalid."},
        "public", new String[] {"boolean", "The Node Visibility field must be true or false."},
        "behind_proxy", new String[] {"boolean", "The behind proxy field must be true or false."},
        "memory", new String[] {"min", "The memory must be at least 1."},
        "memory_overallocate", new String[] {"min", "The memory overallocate must be at least -1."},
        "disk", new String[] {"numeric", "The disk must be a number."},
        "daemon_base", new String[] {"regex", "The Daemon Base Path format is invalid."},
        "daemon_listen", new String[] {"between", "The daemon listen must be between 1 and 65535."},
        "upload_size", new String[] {"between", "The File Upload Size Limit must be between 1 and 1024."});
    expected.forEach((field, ruleAndDetail) -> {
      JsonObject entry = ApiAssertions.validationEntry(errors, field);
      assertEquals(ruleAndDetail[0], entry.getJsonObject("meta").getString("rule"), field);
      assertEquals(ruleAndDetail[1], entry.getString("detail"), field);
    });

    JsonArray types = ApiAssertions.assertValidation(node.http.post(NODES, KEYS[3],
        nodeBody("Types", location).put("fqdn", 5).put("upload_size", "ten").put("daemon_base", "")));
    assertEquals("The fqdn must be a string.", ApiAssertions.validationEntry(types, "fqdn").getString("detail"));
    assertEquals("The File Upload Size Limit must be an integer.",
        ApiAssertions.validationEntry(types, "upload_size").getString("detail"));
    assertEquals("The Daemon Base Path field is required.",
        ApiAssertions.validationEntry(types, "daemon_base").getString("detail"));

    JsonObject strings = createNode(nodeBody("Strings", location).put("location_id", String.valueOf(location))
        .put("memory", "2048").put("maintenance_mode", "1").put("upload_size", "512"));
    assertEquals(2048, strings.getInteger("memory"));
    assertEquals(true, strings.getBoolean("maintenance_mode"));
    assertEquals(512, strings.getInteger("upload_size"));
  }

  @Test
  void filtersSortsAndPages() {
    int alpha = createNode(nodeBody("Filter-Alpha", location).put("memory", 512)).getInteger("id");
    JsonObject beta = createNode(nodeBody("Filter-Beta", location).put("memory", 4096));
    assertEquals(List.of(alpha), ids(node.http.get(NODES + "?filter[name]=filter-al", KEYS[1]).json().getJsonArray("data")));
    assertEquals(List.of(beta.getInteger("id")),
        ids(node.http.get(NODES + "?filter[fqdn]=FILTER-BETA.example", KEYS[1]).json().getJsonArray("data")));
    assertEquals(List.of(beta.getInteger("id")), ids(node.http.get(NODES + "?filter[uuid]="
        + beta.getString("uuid").substring(0, 13), KEYS[1]).json().getJsonArray("data")));
    String tokenId = node.http.get(NODES + "/" + alpha + "/configuration", KEYS[1]).json().getString("token_id");
    assertEquals(List.of(alpha), ids(node.http.get(NODES + "?filter[daemon_token_id]=" + tokenId, KEYS[1]).json()
        .getJsonArray("data")));

    JsonArray byMemory = node.http.get(NODES + "?sort=-memory,id", KEYS[1]).json().getJsonArray("data");
    for (int i = 1; i < byMemory.size(); i++) {
      assertTrue(byMemory.getJsonObject(i - 1).getJsonObject("attributes").getInteger("memory")
          >= byMemory.getJsonObject(i).getJsonObject("attributes").getInteger("memory"), byMemory.encode());
    }
    ApiAssertions.assertError(node.http.get(NODES + "?filter[public]=1", KEYS[1]), 400, "InvalidFilterQuery",
        "Requested filter(s) `public` are not allowed. Allowed filter(s) are `uuid, name, fqdn, daemon_token_id`.");
    ApiAssertions.assertError(node.http.get(NODES + "?sort=name", KEYS[1]), 400, "InvalidSortQuery",
        "Requested sort(s) `name` is not allowed. Allowed sort(s) are `id, uuid, memory, disk`.");

    JsonObject first = node.http.get(NODES + "?per_page=0", KEYS[1]).json().getJsonObject("meta").getJsonObject("pagination");
    assertEquals(50, first.getInteger("per_page"));
    assertEquals(new JsonObject(), first.getJsonObject("links"), "one page: no links, as an object");
    Http.Response past = node.http.get(NODES + "?page=999", KEYS[1]);
    assertEquals(200, past.status(), past.toString());
    assertTrue(past.json().getJsonArray("data").isEmpty());
    JsonObject pastPages = past.json().getJsonObject("meta").getJsonObject("pagination");
    assertTrue(pastPages.getInteger("total") >= 2);
    assertEquals(0, pastPages.getInteger("count"));
    JsonObject second = node.http.get(NODES + "?per_page=1&page=2", KEYS[1]).json().getJsonObject("meta")
        .getJsonObject("pagination");
    assertTrue(second.getJsonObject("links").getString("previous").endsWith(NODES + "?page=1"), second.encode());
  }

  @Test
  void includesNeedReadOnTheRelation() {
    int id = createNode(nodeBody("Include-1", location)).getInteger("id");
    Http.Response added = node.http.post(NODES + "/" + id + "/allocations", KEYS[3],
        new JsonObject().put("ip", "10.9.0.1").put("ports", new JsonArray().add("25565").add("25566")));
    assertEquals(204, added.status(), added.toString());

    JsonObject relations = node.http.get(NODES + "/" + id + "?include=location,allocations", KEYS[1]).json()
        .getJsonObject("attributes").getJsonObject("relationships");
    assertEquals("location", relations.getJsonObject("location").getString("object"));
    assertEquals(location, relations.getJsonObject("location").getJsonObject("attributes").getInteger("id"));
    JsonObject allocations = relations.getJsonObject("allocations");
    assertEquals("list", allocations.getString("object"));
    assertEquals(2, allocations.getJsonArray("data").size());
    assertEquals("allocation", allocations.getJsonArray("data").getJsonObject(0).getString("object"));

    JsonObject denied = node.http.get(NODES + "/" + id + "?include=location,allocations", nodesOnly).json()
        .getJsonObject("attributes").getJsonObject("relationships");
    JsonObject nullResource = new JsonObject().put("object", "null_resource").putNull("attributes");
    assertEquals(nullResource, denied.getJsonObject("location"));
    assertEquals(nullResource, denied.getJsonObject("allocations"));

    JsonArray listed = node.http.get(NODES + "?include=location", KEYS[1]).json().getJsonArray("data");
    listed.forEach(n -> assertEquals("location", ((JsonObject) n).getJsonObject("attributes")
        .getJsonObject("relationships").getJsonObject("location").getString("object")));

    JsonObject nodesOfLocation = node.http.get(LOCATIONS + "/" + location + "?include=nodes", KEYS[1]).json()
        .getJsonObject("attributes").getJsonObject("relationships").getJsonObject("nodes");
    assertEquals("list", nodesOfLocation.getString("object"));
    assertTrue(ids(nodesOfLocation.getJsonArray("data")).contains(id), nodesOfLocation.encode());
    JsonObject one = nodesOfLocation.getJsonArray("data").getJsonObject(0);
    assertEquals("node", one.getString("object"));
    assertEquals(NODE_ATTRIBUTES, List.copyOf(one.getJsonObject("attributes").fieldNames()));
    assertEquals(nullResource, node.http.get(LOCATIONS + "/" + location + "?include=nodes", locationsOnly).json()
        .getJsonObject("attributes").getJsonObject("relationships").getJsonObject("nodes"));
  }

  @Test
  void deployableNodesHaveRoomAfterOverallocation() {
    int here = createLocation("nd-deploy");
    int there = createLocation("nd-deploy2");
    int small = createNode(nodeBody("Deploy-Small", here).put("memory", 1000).put("disk", 1000)).getInteger("id");
    int big = createNode(nodeBody("Deploy-Big", here).put("memory", 8000).put("disk", 50000)
        .put("memory_overallocate", 50)).getInteger("id");
    createNode(nodeBody("Deploy-Hidden", here).put("public", false).put("memory", 100000).put("disk", 100000));
    int elsewhere = createNode(nodeBody("Deploy-Elsewhere", there).put("memory", 8000)).getInteger("id");
    PanelRows.server(node, small, allocation(small, "10.7.0.1", "25565"), admin, 600, 100);
    String inHere = NODES + "/deployable?location_ids[]=" + here;

    Http.Response roomy = node.http.get(inHere + "&memory=500&disk=100", KEYS[1]);
    assertEquals(200, roomy.status(), roomy.toString());
    assertEquals("list", roomy.json().getString("object"));
    assertFalse(roomy.json().containsKey("meta"), "not paginated without page");
    assertEquals(List.of(big), ids(roomy.json().getJsonArray("data")), "600 + 500 is over the small node's 1000");

    JsonArray both = node.http.get(inHere + "&memory=400&disk=100", KEYS[1]).json().getJsonArray("data");
    assertEquals(List.of(small, big), ids(both), "600 + 400 fills the small node exactly");
    JsonObject smallNode = both.getJsonObject(0).getJsonObject("attributes");
    List<String> names = new ArrayList<>(NODE_ATTRIBUTES);
    names.addAll(names.indexOf("allocated_resources"), List.of("sum_memory", "sum_disk"));
    assertEquals(names, List.copyOf(smallNode.fieldNames()));
    assertEquals(600, smallNode.getValue("sum_memory"), "an integer, not MySQL's numeric string");
    assertEquals(100, smallNode.getValue("sum_disk"));
    assertEquals(new JsonObject().put("memory", 600).put("disk", 100), smallNode.getJsonObject("allocated_resources"));

    assertEquals(List.of(big), ids(node.http.get(inHere + "&memory=12000&disk=0", KEYS[1]).json().getJsonArray("data")),
        "8000 with 50% over-allocation takes 12000");
    ApiAssertions.assertError(node.http.get(inHere + "&memory=12001&disk=0", KEYS[1]), 400, "NoViableNodeException",
        "No nodes satisfying the requirements specified for automatic deployment could be found.");
    ApiAssertions.assertError(node.http.get(inHere + "&memory=50000&disk=0", KEYS[1]), 400, "NoViableNodeException",
        null);
    assertEquals(List.of(big, elsewhere), ids(node.http.get(inHere + "&location_ids[]=" + there
        + "&memory=500&disk=100", KEYS[1]).json().getJsonArray("data")));
    assertTrue(ids(node.http.get(NODES + "/deployable?memory=500&disk=100", KEYS[1]).json().getJsonArray("data"))
        .containsAll(List.of(big, elsewhere)), "no location filter: every public node with room");

    Http.Response paged = node.http.get(inHere + "&location_ids[]=" + there + "&memory=500&disk=100&page=2&per_page=1",
        KEYS[1]);
    assertEquals(200, paged.status(), paged.toString());
    assertEquals(List.of(elsewhere), ids(paged.json().getJsonArray("data")));
    JsonObject pagination = paged.json().getJsonObject("meta").getJsonObject("pagination");
    assertEquals(2, pagination.getInteger("total"));
    assertEquals(1, pagination.getInteger("per_page"));
    ApiAssertions.assertError(node.http.get(inHere + "&memory=500&disk=100&page=5", KEYS[1]), 400,
        "NoViableNodeException", null);
  }

  @Test
  void overallocationOfMinusOneIsPterodactylsFormula() {
    int tight = createLocation("nd-tight");
    int id = createNode(nodeBody("Deploy-Minus", tight).put("memory", 1000).put("memory_overallocate", -1))
        .getInteger("id");
    String query = NODES + "/deployable?location_ids[]=" + tight + "&disk=0&memory=";
    assertEquals(List.of(id), ids(node.http.get(query + 990, KEYS[1]).json().getJsonArray("data")));
    assertEquals(400, node.http.get(query + 991, KEYS[1]).status(), "1000 * (1 - 1/100) = 990");
  }

  @Test
  void deployableValidation() {
    JsonArray missing = ApiAssertions.assertValidation(node.http.get(NODES + "/deployable", KEYS[1]));
    assertEquals(List.of("memory", "disk"), sourceFields(missing));
    assertEquals("The memory field is required.", missing.getJsonObject(0).getString("detail"));
    JsonArray bad = ApiAssertions.assertValidation(node.http.get(NODES
        + "/deployable?page=x&memory=-1&disk=abc&location_ids=5&location_ids[]=y", KEYS[1]));
    assertEquals(List.of("page", "memory", "disk", "location_ids", "location_ids.0"), sourceFields(bad));
    assertEquals("The page must be an integer.", bad.getJsonObject(0).getString("detail"));
    assertEquals("The memory must be at least 0.", bad.getJsonObject(1).getString("detail"));
    assertEquals("The disk must be an integer.", bad.getJsonObject(2).getString("detail"));
    assertEquals("The location ids must be an array.", bad.getJsonObject(3).getString("detail"));
    assertEquals("The location ids.0 must be an integer.", bad.getJsonObject(4).getString("detail"));
  }

  @Test
  void configurationIsTheDaemonsAndItsTokenIsSealed() {
    JsonObject created = createNode(nodeBody("Config-1", location).put("fqdn", "Daemon.Example.COM")
        .put("daemon_base", "/srv/wings").put("upload_size", 250).put("daemon_sftp", 2222).put("daemon_listen", 8443));
    int id = created.getInteger("id");
    Http.Response r = node.http.get(NODES + "/" + id + "/configuration", KEYS[1]);
    assertEquals(200, r.status(), r.toString());
    JsonObject c = r.json();
    assertEquals(List.of("debug", "uuid", "token_id", "token", "api", "system", "allowed_mounts", "remote"),
        List.copyOf(c.fieldNames()));
    assertEquals(false, c.getBoolean("debug"));
    assertEquals(created.getString("uuid"), c.getString("uuid"));
    assertTrue(c.getString("token_id").matches("[A-Za-z0-9]{16}"), c.getString("token_id"));
    String token = c.getString("token");
    assertTrue(token.matches("[A-Za-z0-9]{64}"), "a 64-character token");
    assertEquals(new JsonObject().put("host", "0.0.0.0").put("port", 8443)
        .put("ssl", new JsonObject().put("enabled", true)
            .put("cert", "/etc/letsencrypt/live/daemon.example.com/fullchain.pem")
            .put("key", "/etc/letsencrypt/live/daemon.example.com/privkey.pem"))
        .put("upload_limit", 250), c.getJsonObject("api"));
    assertEquals(new JsonObject().put("data", "/srv/wings").put("sftp", new JsonObject().put("bind_port", 2222)),
        c.getJsonObject("system"));
    assertEquals(new JsonArray(), c.getJsonArray("allowed_mounts"));
    assertEquals(node.baseUrl, c.getString("remote"));

    String stored = (String) Sql.value(node, "SELECT daemon_token FROM nodes WHERE id = ?", id);
    assertTrue(stored.startsWith("v1:"), "sealed with the server secret");
    assertFalse(stored.contains(token), "the token is not stored in clear");
    assertEquals(c.getString("token_id"), Sql.value(node, "SELECT daemon_token_id FROM nodes WHERE id = ?", id));
    assertFalse(node.http.get(NODES + "/" + id, KEYS[1]).body().contains(token), "the node object never shows it");

    JsonObject proxied = nodeBody("Config-1", location).put("behind_proxy", true);
    assertEquals(200, patch(NODES + "/" + id, KEYS[2], proxied.copy().put("reset_secret", "true")).status());
    JsonObject kept = node.http.get(NODES + "/" + id + "/configuration", KEYS[1]).json();
    assertEquals(token, kept.getString("token"), "only a JSON true resets the secret");
    assertEquals(false, kept.getJsonObject("api").getJsonObject("ssl").getBoolean("enabled"), "TLS ends at the proxy");
    assertEquals(200, patch(NODES + "/" + id, KEYS[2], proxied.copy().put("reset_secret", true)).status());
    JsonObject reset = node.http.get(NODES + "/" + id + "/configuration", KEYS[1]).json();
    assertNotEquals(token, reset.getString("token"));
    assertNotEquals(c.getString("token_id"), reset.getString("token_id"));
  }

  @Test
  void aNodeWithServersIsNotDeleted() {
    int id = createNode(nodeBody("Busy-1", location)).getInteger("id");
    int held = allocation(id, "10.8.0.1", "27000");
    allocation(id, "10.8.0.1", "27001");
    int server = PanelRows.server(node, id, held, admin, 700, 3000);
    assertEquals(new JsonObject().put("memory", 700).put("disk", 3000),
        node.http.get(NODES + "/" + id, KEYS[1]).json().getJsonObject("attributes").getJsonObject("allocated_resources"));
    ApiAssertions.assertError(node.http.delete(NODES + "/" + id, KEYS[3]), 400, "HasActiveServersException",
        "A node must have no servers linked to it in order to be deleted.");
    assertEquals(200, node.http.get(NODES + "/" + id, KEYS[1]).status());

    Sql.execute(node, "DELETE FROM servers WHERE id = ?", server);
    assertEquals(204, node.http.delete(NODES + "/" + id, KEYS[3]).status());
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id), "allocations go with it");
  }

  @Test
  void aLocationWithNodesIsNotDeleted() {
    int busy = createLocation("nd-busy");
    int id = createNode(nodeBody("Located-1", busy)).getInteger("id");
    ApiAssertions.assertError(node.http.delete(LOCATIONS + "/" + busy, KEYS[3]), 400, "HasActiveNodesException",
        "Cannot delete a location that has active nodes attached to it.");
    assertEquals(204, node.http.delete(NODES + "/" + id, KEYS[3]).status());
    assertEquals(204, node.http.delete(LOCATIONS + "/" + busy, KEYS[3]).status());
  }
}
