package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/application/nodes/{id}/allocations}: levels, the parsing of addresses and ports with
 * Pterodactyl's refusals, duplicates skipped, filters, scoping to the node, and the delete a server refuses.
 */
class AllocationsTest {

  private static final String NODES = "/api/application/nodes";
  private static final List<String> ALLOCATION_ATTRIBUTES = List.of("id", "ip", "alias", "port", "notes", "assigned");

  private static TestNode node;
  private static int admin;
  /** Level N on allocations, full rights on nodes and locations. */
  private static final String[] KEYS = new String[4];
  /** Full rights on allocations and nothing else. */
  private static String allocationsOnly;
  private static int location;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    admin = node.makeUser("allocs", true);
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application", new JsonObject().put("permissions",
          new JsonObject().put("allocations", level).put("nodes", 3).put("locations", 3)));
    }
    allocationsOnly = node.makeKey(admin, "application",
        new JsonObject().put("permissions", new JsonObject().put("allocations", 3)));
    Http.Response created = node.http.post("/api/application/locations", KEYS[3], new JsonObject().put("short", "al-main"));
    assertEquals(201, created.status(), created.toString());
    location = created.json().getJsonObject("attributes").getInteger("id");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int createNode(String name) {
    Http.Response r = node.http.post(NODES, KEYS[3], new JsonObject().put("name", name).put("location_id", location)
        .put("fqdn", name + ".example.com").put("scheme", "https").put("memory", 1024).put("memory_overallocate", 0)
        .put("disk", 10000).put("disk_overallocate", 0).put("daemon_listen", 8080).put("daemon_sftp", 2022));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  private static String allocations(int nodeId) {
    return NODES + "/" + nodeId + "/allocations";
  }

  private static JsonObject request(String ip, String... ports) {
    return new JsonObject().put("ip", ip).put("ports", new JsonArray(List.of((Object[]) ports)));
  }

  private static Http.Response add(int nodeId, JsonObject body) {
    return node.http.post(allocations(nodeId), KEYS[3], body);
  }

  /** Every allocation of the node as {@code ip:port}, in id order. */
  private static List<String> pairs(int nodeId) {
    List<String> pairs = new ArrayList<>();
    node.http.get(allocations(nodeId) + "?per_page=100", KEYS[1]).json().getJsonArray("data").forEach(e -> {
      JsonObject a = ((JsonObject) e).getJsonObject("attributes");
      pairs.add(a.getString("ip") + ":" + a.getInteger("port"));
    });
    return pairs;
  }

  private static int idOf(int nodeId, int port) {
    return node.http.get(allocations(nodeId) + "?filter[port]=" + port, KEYS[1]).json().getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes").getInteger("id");
  }

  private static void assertRefused(Http.Response r, String code, String detail) {
    ApiAssertions.assertError(r, 400, code, detail);
  }

  @Test
  void portsAndRangesInPterodactylsShape() {
    int id = createNode("Alloc-Shape");
    Http.Response created = add(id, request("10.0.0.5", "25565", "25570-25572").put("alias", "play.example.com"));
    assertEquals(204, created.status(), created.toString());
    assertEquals("", created.body());
    Http.Response listed = node.http.get(allocations(id), KEYS[1]);
    assertEquals(200, listed.status(), listed.toString());
    JsonArray data = listed.json().getJsonArray("data");
    assertEquals(List.of("10.0.0.5:25565", "10.0.0.5:25570", "10.0.0.5:25571", "10.0.0.5:25572"), pairs(id));
    JsonObject first = data.getJsonObject(0);
    assertEquals("allocation", first.getString("object"));
    JsonObject a = first.getJsonObject("attributes");
    assertEquals(ALLOCATION_ATTRIBUTES, List.copyOf(a.fieldNames()));
    assertEquals("play.example.com", a.getString("alias"));
    assertNull(a.getString("notes"));
    assertEquals(false, a.getBoolean("assigned"));
    assertEquals(4, listed.json().getJsonObject("meta").getJsonObject("pagination").getInteger("total"));

    assertEquals(204, add(id, request("10.0.0.5", "25565", "25571-25574")).status(), "duplicates are skipped");
    assertEquals(List.of("10.0.0.5:25565", "10.0.0.5:25570", "10.0.0.5:25571", "10.0.0.5:25572", "10.0.0.5:25573",
        "10.0.0.5:25574"), pairs(id));
    assertEquals(204, add(id, request("localhost", "30000")).status(), "a host name is resolved to its IPv4 address");
    assertTrue(pairs(id).contains("127.0.0.1:30000"), pairs(id).toString());
  }

  @Test
  void cidrRangesCoverEveryAddressOfTheBlock() {
    int id = createNode("Alloc-Cidr");
    assertEquals(204, add(id, request("10.1.0.0/30", "30000")).status());
    assertEquals(List.of("10.1.0.0:30000", "10.1.0.1:30000", "10.1.0.2:30000", "10.1.0.3:30000"), pairs(id));
    assertEquals(204, add(id, request("10.1.0.2/31", "30000", "30001")).status(), "host bits are masked");
    assertEquals(6, pairs(id).size(), pairs(id).toString());
    assertEquals(204, add(id, request("10.2.0.0/25", "30000")).status());
    assertEquals(134, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id));

    String cidr = "CIDR notation only allows masks between /25 and /32.";
    for (String ip : List.of("10.3.0.0/24", "10.3.0.0/33", "10.3.0.0/x", "10.3.0.0/")) {
      assertRefused(add(id, request(ip, "30000")), "CidrOutOfRangeException", cidr);
    }
    assertRefused(add(id, request("not-an-ip.invalid", "30000")), "DisplayException",
        "Could not parse provided allocation IP address (not-an-ip.invalid): Invalid IP address format");
    assertRefused(add(id, request("example.invalid/30", "30000")), "DisplayException",
        "Could not parse provided allocation IP address (example.invalid/30): Invalid IP address format");
  }

  @Test
  void portsOutsidePterodactylsRulesAreRefused() {
    int id = createNode("Alloc-Ports");
    String outOfRange = "Ports in an allocation must be greater than 1024 and less than or equal to 65535.";
    assertRefused(add(id, request("10.4.0.1", "1024")), "PortOutOfRangeException", outOfRange);
    assertRefused(add(id, request("10.4.0.1", "65536")), "PortOutOfRangeException", outOfRange);
    assertRefused(add(id, request("10.4.0.1", "1024-1030")), "PortOutOfRangeException", outOfRange);
    assertRefused(add(id, request("10.4.0.1", "1100-1024")), "PortOutOfRangeException", outOfRange);
    assertRefused(add(id, request("10.4.0.1", "25565-26565")), "TooManyPortsInRangeException",
        "Adding more than 1000 ports in a single range at once is not supported.");
    assertEquals(204, add(id, request("10.4.0.1", "25565-26564")).status(), "1000 ports in one range is the limit");
    assertRefused(add(id, request("10.4.0.1", "abc")), "InvalidPortMappingException",
        "The mapping provided for abc was invalid and could not be processed.");
    assertRefused(add(id, request("10.4.0.1", "100-200")), "InvalidPortMappingException",
        "The mapping provided for 100-200 was invalid and could not be processed.");
    assertRefused(add(id, request("10.4.0.2", "40000", "1024")), "PortOutOfRangeException", outOfRange);
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM allocations WHERE ip = '10.4.0.2'"), "all or nothing");
  }

  @Test
  void bodyValidation() {
    int id = createNode("Alloc-Valid");
    JsonArray number = ApiAssertions.assertValidation(add(id, new JsonObject().put("ip", "10.5.0.1")
        .put("ports", new JsonArray().add("25565").add(25566))));
    JsonObject entry = ApiAssertions.validationEntry(number, "ports.1");
    assertEquals("string", entry.getJsonObject("meta").getString("rule"));
    assertEquals("The ports.1 must be a string.", entry.getString("detail"));

    JsonArray missing = ApiAssertions.assertValidation(add(id, new JsonObject()));
    assertEquals("The ip field is required.", ApiAssertions.validationEntry(missing, "ip").getString("detail"));
    assertEquals("The ports field is required.", ApiAssertions.validationEntry(missing, "ports").getString("detail"));
    JsonArray shapes = ApiAssertions.assertValidation(add(id, new JsonObject().put("ip", 10).put("ports", "25565")
        .put("alias", "a".repeat(192))));
    assertEquals("The ip must be a string.", ApiAssertions.validationEntry(shapes, "ip").getString("detail"));
    assertEquals("The ports must be an array.", ApiAssertions.validationEntry(shapes, "ports").getString("detail"));
    assertEquals("The alias may not be greater than 191 characters.",
        ApiAssertions.validationEntry(shapes, "alias").getString("detail"));
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id));
  }

  @Test
  void portEntriesAreCappedAtAThousand() {
    int id = createNode("Alloc-Cap");
    String tooMany = "The ports may not have more than 1000 items.";
    JsonArray same = ApiAssertions.assertValidation(add(id, request("10.7.0.1", Collections.nCopies(1001, "40000")
        .toArray(String[]::new))));
    JsonObject entry = ApiAssertions.validationEntry(same, "ports");
    assertEquals("max", entry.getJsonObject("meta").getString("rule"));
    assertEquals(tooMany, entry.getString("detail"));
    assertEquals(1, same.size(), same.encode());
    JsonArray numbers = new JsonArray();
    for (int i = 0; i < 80_000; i++) {
      numbers.add(40000 + i % 1000);
    }
    JsonArray huge = ApiAssertions.assertValidation(add(id, new JsonObject().put("ip", "10.7.0.1").put("ports", numbers)));
    assertEquals(tooMany, ApiAssertions.validationEntry(huge, "ports").getString("detail"));
    assertEquals(1, huge.size(), "no entry per item");
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id));

    String[] thousand = new String[1000];
    for (int i = 0; i < thousand.length; i++) {
      thousand[i] = String.valueOf(40001 + i);
    }
    assertEquals(204, add(id, request("10.7.0.1", thousand)).status(), "1000 entries is the limit");
    assertEquals(1000, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id));
  }

  @Test
  void portsRepeatedInOneRequestAreAddedOnceInTheirFirstPlace() {
    int id = createNode("Alloc-Repeat");
    assertEquals(204, add(id, request("10.8.0.1", "25570", "25565-25571", "25571-25565", "25566")).status());
    assertEquals(List.of("10.8.0.1:25570", "10.8.0.1:25565", "10.8.0.1:25566", "10.8.0.1:25567", "10.8.0.1:25568",
        "10.8.0.1:25569", "10.8.0.1:25571"), pairs(id));
  }

  @Test
  void manyPairsAreAddedAddressByAddressAcrossStatements() {
    int id = createNode("Alloc-Many");
    // 128 addresses x 100 ports: more rows than one statement takes
    assertEquals(204, add(id, request("10.6.0.0/25", "30000-30099")).status());
    assertEquals(12_800, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id));
    String pairAt = "SELECT ip || ':' || port FROM allocations WHERE node_id = ? ORDER BY id OFFSET ? LIMIT 1";
    assertEquals("10.6.0.0:30000", Sql.value(node, pairAt, id, 0));
    assertEquals("10.6.0.99:30099", Sql.value(node, pairAt, id, 9_999));
    assertEquals("10.6.0.100:30000", Sql.value(node, pairAt, id, 10_000));
    assertEquals("10.6.0.127:30099", Sql.value(node, pairAt, id, 12_799));
    assertEquals(204, add(id, request("10.6.0.0/25", "30000-30100")).status(), "pairs it has are skipped");
    assertEquals(12_928, Sql.count(node, "SELECT count(*) FROM allocations WHERE node_id = ?", id));
  }

  @Test
  void filtersAndAssignment() {
    int id = createNode("Alloc-Filter");
    assertEquals(204, add(id, request("10.6.0.1", "25565", "25566").put("alias", "Lobby.Example")).status());
    assertEquals(204, add(id, request("10.6.0.2", "25565")).status());
    int held = idOf(id, 25566);
    int server = PanelRows.server(node, id, held, admin, 512, 1024);

    assertEquals(2, node.http.get(allocations(id) + "?filter[ip]=10.6.0.1", KEYS[1]).json().getJsonArray("data").size());
    assertEquals(0, node.http.get(allocations(id) + "?filter[ip]=10.6.0", KEYS[1]).json().getJsonArray("data").size(),
        "ip is an exact filter");
    assertEquals(2, node.http.get(allocations(id) + "?filter[port]=25565", KEYS[1]).json().getJsonArray("data").size());
    assertEquals(2, node.http.get(allocations(id) + "?filter[ip_alias]=lobby", KEYS[1]).json().getJsonArray("data").size());
    JsonArray assigned = node.http.get(allocations(id) + "?filter[server_id]=" + server, KEYS[1]).json().getJsonArray("data");
    assertEquals(1, assigned.size());
    assertEquals(true, assigned.getJsonObject(0).getJsonObject("attributes").getBoolean("assigned"));
    for (String unassigned : List.of("false", "true", "none", "0")) {
      JsonArray free = node.http.get(allocations(id) + "?filter[server_id]=" + unassigned, KEYS[1]).json().getJsonArray("data");
      assertEquals(2, free.size(), unassigned);
    }
    Http.Response sorted = node.http.get(allocations(id) + "?sort=-id", KEYS[1]);
    assertEquals(200, sorted.status(), "no sorts are declared: sort is ignored");
    JsonArray data = sorted.json().getJsonArray("data");
    assertTrue(data.getJsonObject(0).getJsonObject("attributes").getInteger("id")
        < data.getJsonObject(2).getJsonObject("attributes").getInteger("id"));
    ApiAssertions.assertError(node.http.get(allocations(id) + "?filter[node_id]=1", KEYS[1]), 400, "InvalidFilterQuery",
        "Requested filter(s) `node_id` are not allowed. Allowed filter(s) are `ip, port, ip_alias, server_id`.");

    ApiAssertions.assertError(node.http.delete(allocations(id) + "/" + held, KEYS[3]), 400,
        "ServerUsingAllocationException", "A server is currently assigned to this allocation. "
            + "An allocation can only be deleted if no server is currently assigned.");
    assertEquals(3, pairs(id).size());
  }

  @Test
  void deletesAreScopedToTheNode() {
    int id = createNode("Alloc-Delete");
    int other = createNode("Alloc-Other");
    assertEquals(204, add(id, request("10.7.0.1", "25565")).status());
    assertEquals(204, add(other, request("10.7.0.2", "25565")).status());
    int mine = idOf(id, 25565);
    int foreign = idOf(other, 25565);
    ApiAssertions.assertError(node.http.delete(allocations(id) + "/" + foreign, KEYS[3]), 404, "NotFoundHttpException",
        ApiAssertions.NOT_FOUND);
    Http.Response deleted = node.http.delete(allocations(id) + "/" + mine, KEYS[3]);
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals("", deleted.body());
    assertEquals(404, node.http.delete(allocations(id) + "/" + mine, KEYS[3]).status());
    assertEquals(List.of("10.7.0.2:25565"), pairs(other));

    for (Http.Response unknown : List.of(node.http.get(allocations(999999), KEYS[3]),
        node.http.get(NODES + "/abc/allocations", KEYS[3]),
        add(999999, request("10.7.0.3", "25565")),
        node.http.delete(allocations(id) + "/abc", KEYS[3]))) {
      ApiAssertions.assertError(unknown, 404, "NotFoundHttpException", ApiAssertions.NOT_FOUND);
    }
  }

  @Test
  void levelsGuardEveryRoute() {
    int id = createNode("Alloc-Levels");
    assertEquals(204, add(id, request("10.8.0.1", "25565")).status());
    int target = idOf(id, 25565);
    record Call(String method, String path, int needed, JsonObject body, int ok) {
    }
    List<Call> calls = List.of(
        new Call("GET", allocations(id), 1, null, 200),
        new Call("POST", allocations(id), 2, request("10.8.0.1", "25566"), 204),
        new Call("DELETE", allocations(id) + "/" + target, 3, null, 204));
    for (Call call : calls) {
      for (int level : new int[] {call.needed() - 1, 0}) {
        Http.Response refused = node.http.request(call.method(), call.path()).key(KEYS[level]).json(call.body()).send();
        ApiAssertions.assertForbidden(refused, ApiAssertions.UNAUTHORIZED);
      }
      Http.Response allowed = node.http.request(call.method(), call.path()).key(allocationsOnly).json(call.body()).send();
      assertEquals(call.ok(), allowed.status(), call.method() + " " + call.path() + ": " + allowed);
    }
  }

  @Test
  void includesOfAnAllocation() {
    int id = createNode("Alloc-Include");
    assertEquals(204, add(id, request("10.9.0.1", "25565")).status());
    JsonObject relations = node.http.get(allocations(id) + "?include=node,server", KEYS[1]).json().getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes").getJsonObject("relationships");
    assertEquals("node", relations.getJsonObject("node").getString("object"));
    assertEquals(id, relations.getJsonObject("node").getJsonObject("attributes").getInteger("id"));
    JsonObject nullResource = new JsonObject().put("object", "null_resource").putNull("attributes");
    assertEquals(nullResource, relations.getJsonObject("server"), "no Read on servers");
    JsonObject denied = node.http.get(allocations(id) + "?include=node", allocationsOnly).json().getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes").getJsonObject("relationships");
    assertEquals(nullResource, denied.getJsonObject("node"), "no Read on nodes");
  }

  @Test
  void pagination() {
    int id = createNode("Alloc-Pages");
    assertEquals(204, add(id, request("10.10.0.1", "25565-25567")).status());
    JsonObject zero = node.http.get(allocations(id) + "?per_page=0", KEYS[1]).json().getJsonObject("meta")
        .getJsonObject("pagination");
    assertEquals(50, zero.getInteger("per_page"));
    assertEquals(new JsonObject(), zero.getJsonObject("links"));
    Http.Response second = node.http.get(allocations(id) + "?per_page=2&page=2", KEYS[1]);
    assertEquals(1, second.json().getJsonArray("data").size());
    JsonObject pages = second.json().getJsonObject("meta").getJsonObject("pagination");
    assertEquals(2, pages.getInteger("total_pages"));
    assertTrue(pages.getJsonObject("links").getString("previous").endsWith(allocations(id) + "?page=1"));
    Http.Response past = node.http.get(allocations(id) + "?page=9", KEYS[1]);
    assertEquals(200, past.status());
    assertTrue(past.json().getJsonArray("data").isEmpty());
    assertEquals(3, past.json().getJsonObject("meta").getJsonObject("pagination").getInteger("total"));
  }
}
