package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code ?include=} across resources, everything made through the API: each relation lands in
 * {@code attributes.relationships}, one the key may not read is {@code null_resource}, dotted names nest
 * to two levels and deeper parts are cut.
 */
class IncludesTest {

  private static final String APP = "/api/application";
  private static TestNode node;
  private static String all;
  private static int owner;
  private static int locationId;
  private static int nodeId;
  private static int serverId;
  private static int allocationId;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000"));
    int admin = node.makeUser("admin", true);
    all = key(admin, 3, 3);
    owner = node.makeUser("owner", false);
    locationId = id(node.http.post(APP + "/locations", all, new JsonObject().put("short", "inc-1")));
    nodeId = id(node.http.post(APP + "/nodes", all, new JsonObject().put("name", "inc-node").put("location_id", locationId)
        .put("fqdn", "inc.example.com").put("scheme", "https").put("memory", 8192).put("memory_overallocate", 0)
        .put("disk", 50000).put("disk_overallocate", 0).put("daemon_listen", 8080).put("daemon_sftp", 2022)));
    Http.Response allocations = node.http.post(APP + "/nodes/" + nodeId + "/allocations", all,
        new JsonObject().put("ip", "10.9.0.1").put("ports", new JsonArray().add("30000-30002")));
    assertEquals(204, allocations.status(), allocations.toString());
    allocationId = node.http.get(APP + "/nodes/" + nodeId + "/allocations", all).json().getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes").getInteger("id");
    serverId = id(node.http.post(APP + "/servers", all, new JsonObject().put("name", "inc-server").put("user", owner)
        .put("egg", 1).put("docker_image", "ghcr.io/pterodactyl/yolks:java_17").put("startup", "java -jar x.jar")
        .put("environment", new JsonObject())
        .put("limits", new JsonObject().put("memory", 512).put("swap", 0).put("disk", 1024).put("io", 500).put("cpu", 0))
        .put("feature_limits", new JsonObject().putNull("databases").putNull("backups"))
        .put("allocation", new JsonObject().put("default", allocationId))));
    int subuser = node.makeUser("helper", false);
    Sql.execute(node, "INSERT INTO subusers (user_id, server_id, permissions) VALUES (?, ?, '[\"control.start\"]'::jsonb)",
        subuser, serverId);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** An application key: {@code servers} at one level, every other resource at {@code others}. */
  private static String key(int user, int servers, int others) {
    JsonObject levels = new JsonObject();
    for (String r : List.of("users", "nodes", "allocations", "locations", "nests", "eggs", "database_hosts",
        "server_databases")) {
      levels.put(r, others);
    }
    return node.makeKey(user, "application", new JsonObject().put("permissions", levels.put("servers", servers)));
  }

  private static int id(Http.Response created) {
    assertEquals(201, created.status(), created.toString());
    return created.json().getJsonObject("attributes").getInteger("id");
  }

  private static JsonObject relationships(String path, String key) {
    Http.Response r = node.http.get(path, key);
    assertEquals(200, r.status(), r.toString());
    JsonObject body = r.json();
    JsonObject attributes = "list".equals(body.getString("object"))
        ? body.getJsonArray("data").getJsonObject(0).getJsonObject("attributes") : body.getJsonObject("attributes");
    return attributes.getJsonObject("relationships");
  }

  private static List<Integer> ids(JsonObject list) {
    assertEquals("list", list.getString("object"), list.encode());
    return list.getJsonArray("data").stream().map(e -> ((JsonObject) e).getJsonObject("attributes").getInteger("id")).toList();
  }

  @Test
  void everyRelationOfAServer() {
    JsonObject rel = relationships(APP + "/servers/" + serverId
        + "?include=allocations,user,subusers,nest,egg,variables,location,node,databases", all);
    assertEquals(List.of("allocations", "user", "subusers", "nest", "egg", "variables", "location", "node", "databases"),
        List.copyOf(rel.fieldNames()));
    assertEquals(List.of(allocationId), ids(rel.getJsonObject("allocations")));
    assertEquals(owner, rel.getJsonObject("user").getJsonObject("attributes").getInteger("id"));
    assertEquals("user", rel.getJsonObject("user").getString("object"));
    JsonObject subuser = rel.getJsonObject("subusers").getJsonArray("data").getJsonObject(0);
    assertEquals("subuser", subuser.getString("object"));
    assertEquals(new JsonArray().add("control.start"), subuser.getJsonObject("attributes").getJsonArray("permissions"));
    assertEquals(1, rel.getJsonObject("nest").getJsonObject("attributes").getInteger("id"));
    assertEquals("egg", rel.getJsonObject("egg").getString("object"));
    JsonArray variables = rel.getJsonObject("variables").getJsonArray("data");
    assertEquals("server_variable", variables.getJsonObject(0).getString("object"));
    assertEquals("latest", variables.getJsonObject(0).getJsonObject("attributes").getString("server_value"));
    assertEquals(locationId, rel.getJsonObject("location").getJsonObject("attributes").getInteger("id"));
    assertEquals(nodeId, rel.getJsonObject("node").getJsonObject("attributes").getInteger("id"));
    assertEquals(List.of(), ids(rel.getJsonObject("databases")));
  }

  @Test
  void theServersOfAUserALocationANodeANestAndAnEgg() {
    assertEquals(List.of(serverId), ids(relationships(APP + "/users/" + owner + "?include=servers", all).getJsonObject("servers")));
    assertEquals(List.of(serverId), ids(relationships(APP + "/locations/" + locationId + "?include=servers", all)
        .getJsonObject("servers")));
    assertEquals(List.of(nodeId), ids(relationships(APP + "/locations/" + locationId + "?include=nodes", all)
        .getJsonObject("nodes")));
    assertEquals(List.of(serverId), ids(relationships(APP + "/nodes/" + nodeId + "?include=servers", all).getJsonObject("servers")));
    assertEquals(List.of(serverId), ids(relationships(APP + "/nests/1?include=servers", all).getJsonObject("servers")));
    assertEquals(List.of(serverId), ids(relationships(APP + "/nests/1/eggs/1?include=servers", all).getJsonObject("servers")));
  }

  @Test
  void anAllocationsServerAndNode() {
    JsonArray data = node.http.get(APP + "/nodes/" + nodeId + "/allocations?include=server,node", all).json().getJsonArray("data");
    assertEquals(3, data.size());
    for (Object o : data) {
      JsonObject a = ((JsonObject) o).getJsonObject("attributes");
      JsonObject rel = a.getJsonObject("relationships");
      assertEquals(nodeId, rel.getJsonObject("node").getJsonObject("attributes").getInteger("id"));
      if (a.getInteger("id") == allocationId) {
        assertTrue(a.getBoolean("assigned"));
        assertEquals(serverId, rel.getJsonObject("server").getJsonObject("attributes").getInteger("id"));
      } else {
        assertFalse(a.getBoolean("assigned"));
        assertEquals(new JsonObject().put("object", "null_resource").putNull("attributes"), rel.getJsonObject("server"));
      }
    }
  }

  @Test
  void relationsTheKeyMayNotReadAreNullResources() {
    String serversOnly = key(node.makeUser("reader", true), 1, 0);
    JsonObject rel = relationships(APP + "/servers/" + serverId + "?include=allocations,user,node,location,egg,databases",
        serversOnly);
    JsonObject nullResource = new JsonObject().put("object", "null_resource").putNull("attributes");
    for (String name : List.of("allocations", "user", "node", "location", "egg", "databases")) {
      assertEquals(nullResource, rel.getJsonObject(name), name);
    }
    // variables are guarded by the servers level itself
    assertEquals("list", relationships(APP + "/servers/" + serverId + "?include=variables", serversOnly)
        .getJsonObject("variables").getString("object"));
  }

  @Test
  void dottedNamesNestTwoLevelsAndCutTheRest() {
    JsonObject rel = relationships(APP + "/locations/" + locationId + "?include=servers.node.location,nodes.allocations", all);
    JsonObject server = rel.getJsonObject("servers").getJsonArray("data").getJsonObject(0).getJsonObject("attributes");
    JsonObject serverNode = server.getJsonObject("relationships").getJsonObject("node").getJsonObject("attributes");
    assertEquals(nodeId, serverNode.getInteger("id"));
    assertNull(serverNode.getJsonObject("relationships"), "a third level is cut");
    JsonObject nodeRel = rel.getJsonObject("nodes").getJsonArray("data").getJsonObject(0).getJsonObject("attributes")
        .getJsonObject("relationships");
    assertEquals(3, nodeRel.getJsonObject("allocations").getJsonArray("data").size());
  }

  @Test
  void unknownNamesAreIgnoredAndIncludeArraysWork() {
    JsonObject rel = relationships(APP + "/servers/" + serverId + "?include[]=node&include[]=bogus&include=USER", all);
    assertEquals(List.of("node", "user"), List.copyOf(rel.fieldNames()));
  }
}
