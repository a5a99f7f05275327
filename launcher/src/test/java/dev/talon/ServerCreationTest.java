package dev.talon;

import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Events;
import dev.talon.support.Http;
import dev.talon.support.PanelRows;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/application/servers}: the seed's example, the egg variables' defaults and rules,
 * Pterodactyl's validation (422 per rule), automatic deployment and its 400s, and concurrent creations
 * racing for one allocation.
 */
class ServerCreationTest {

  private static final String SERVERS = "/api/application/servers";
  /** The request body of the seed's "Example: Creating a Server", character for character. */
  private static final String SEED_EXAMPLE = """
      {
      "name": "My Game Server",
      "user": 1,
      "egg": 1,
      "docker_image": "quay.io/pterodactyl/core:java",
      "startup": "java -Xms128M -Xmx1024M -jar server.jar",
      "environment": {},
      "limits": {
      "memory": 1024,
      "swap": 0,
      "disk": 5120,
      "io": 500,
      "cpu": 100
      },
      "feature_limits": {
      "databases": 1,
      "backups": 1
      },
      "allocation": {
      "default": 1
      }
      }""";

  private static TestNode node;
  private static String key;
  private static int admin;
  private static int egg;
  private static List<Integer> allocations;
  private static int deployLocation;
  private static int emptyLocation;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000"));
    admin = node.makeUser("owner", true);
    key = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject()
        .put("servers", 3).put("locations", 3).put("users", 3).put("nodes", 3).put("allocations", 3)));
    int location = location("seed-loc");
    int panelNode = PanelRows.node(node, location, "node-1", 100_000, 1_000_000, true);
    allocations = PanelRows.allocations(node, panelNode, "10.0.0.1", 25565, 25594);
    egg = PanelRows.egg(node, PanelRows.nest(node, "Minecraft"), "Vanilla");
    PanelRows.variable(node, egg, "Server Jar File", "SERVER_JARFILE", "server.jar", "required|string|max:20");
    PanelRows.variable(node, egg, "Minecraft Version", "MINECRAFT_VERSION", "latest", "required|string|max:20");

    deployLocation = location("deploy-loc");
    emptyLocation = location("empty-loc");
    int deployNode = PanelRows.node(node, deployLocation, "node-2", 2048, 10_000, true);
    PanelRows.allocations(node, deployNode, "10.0.1.1", 26000, 26004);
    PanelRows.allocations(node, deployNode, "10.0.1.2", 26000, 26001);
    int hidden = PanelRows.node(node, deployLocation, "node-private", 100_000, 100_000, false);
    PanelRows.allocations(node, hidden, "10.0.2.1", 27000, 27001);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int location(String code) {
    Http.Response r = node.http.post("/api/application/locations", key, new JsonObject().put("short", code));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  /** A valid body on allocation {@code allocation} (the nth of node 1, from 0). */
  private static JsonObject body(int allocation) {
    return new JsonObject()
        .put("name", "Test Server")
        .put("user", admin)
        .put("egg", egg)
        .put("docker_image", "ghcr.io/pterodactyl/yolks:java_17")
        .put("startup", "java -jar {{SERVER_JARFILE}}")
        .put("environment", new JsonObject())
        .put("limits", new JsonObject().put("memory", 512).put("swap", 0).put("disk", 1024).put("io", 500).put("cpu", 100))
        .put("feature_limits", new JsonObject().put("databases", 0).put("backups", 0))
        .put("allocation", new JsonObject().put("default", allocations.get(allocation)));
  }

  private static Http.Response create(JsonObject body) {
    return node.http.post(SERVERS, key, body);
  }

  private static JsonObject created(JsonObject body) {
    Http.Response r = create(body);
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  @Test
  void theSeedsExampleAsWrittenCreatesTheServerWithTheEggDefaults() {
    // the seed names user 1, egg 1 (a fresh install's Bungeecord) and allocation 1
    assertEquals(1, admin);
    assertEquals(1, allocations.get(0));
    Http.Response r = node.http.request("POST", SERVERS)
        .header("Authorization", "Bearer " + key)
        .header("Accept", "application/json")
        .body(SEED_EXAMPLE, "application/json")
        .send();
    assertEquals(201, r.status(), r.toString());
    JsonObject body = r.json();
    assertEquals(List.of("object", "attributes"), List.copyOf(body.fieldNames()), "no meta on a created server");
    assertEquals("server", body.getString("object"));
    JsonObject a = body.getJsonObject("attributes");
    assertEquals(List.of("id", "external_id", "uuid", "identifier", "name", "description", "status", "suspended",
        "limits", "feature_limits", "user", "node", "allocation", "nest", "egg", "container", "updated_at", "created_at"),
        List.copyOf(a.fieldNames()));
    String uuid = a.getString("uuid");
    assertTrue(uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), uuid);
    assertEquals(uuid.substring(0, 8), a.getString("identifier"));
    assertEquals("My Game Server", a.getString("name"));
    assertEquals("", a.getString("description"));
    assertNull(a.getString("external_id"));
    assertEquals("installing", a.getString("status"));
    assertFalse(a.getBoolean("suspended"));
    assertEquals(new JsonObject().put("memory", 1024).put("swap", 0).put("disk", 5120).put("io", 500).put("cpu", 100)
        .putNull("threads").put("oom_disabled", true), a.getJsonObject("limits"));
    assertEquals(new JsonObject().put("databases", 1).put("allocations", 0).put("backups", 1), a.getJsonObject("feature_limits"));
    assertEquals(1, a.getInteger("user"));
    assertEquals(1, a.getInteger("node"));
    assertEquals(1, a.getInteger("allocation"));
    assertEquals(1, a.getInteger("nest"));
    assertEquals(1, a.getInteger("egg"));
    JsonObject container = a.getJsonObject("container");
    assertEquals("java -Xms128M -Xmx1024M -jar server.jar", container.getString("startup_command"));
    assertEquals("quay.io/pterodactyl/core:java", container.getString("image"));
    assertEquals(0, container.getInteger("installed"));
    JsonObject environment = container.getJsonObject("environment");
    assertEquals(List.of("BUNGEE_VERSION", "SERVER_JARFILE", "STARTUP", "P_SERVER_LOCATION", "P_SERVER_UUID",
        "P_SERVER_ALLOCATION_LIMIT"), List.copyOf(environment.fieldNames()));
    assertEquals("bungeecord.jar", environment.getString("SERVER_JARFILE"));
    assertEquals("latest", environment.getString("BUNGEE_VERSION"));
    assertEquals("java -Xms128M -Xmx1024M -jar server.jar", environment.getString("STARTUP"));
    assertEquals("seed-loc", environment.getString("P_SERVER_LOCATION"));
    assertEquals(uuid, environment.getString("P_SERVER_UUID"));
    assertEquals(0, environment.getInteger("P_SERVER_ALLOCATION_LIMIT"));
    assertTrue(a.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), a.getString("created_at"));

    int id = a.getInteger("id");
    assertEquals((long) id, Sql.count(node, "SELECT server_id FROM allocations WHERE id = 1"));
    assertEquals(2, Sql.count(node, "SELECT count(*) FROM server_variables WHERE server_id = ?", id));
    JsonArray listed = node.http.get(SERVERS + "?filter[name]=my%20game", key).json().getJsonArray("data");
    assertEquals(1, listed.size());
    assertEquals(a, listed.getJsonObject(0).getJsonObject("attributes"));
  }

  @Test
  void environmentValuesAreCheckedWithTheEggsRulesAndMissingOnesTakeTheirDefault() {
    Http.Response tooLong = create(body(1).put("environment", new JsonObject().put("SERVER_JARFILE", "x".repeat(21))));
    JsonObject entry = validationEntry(assertValidation(tooLong), "environment.SERVER_JARFILE");
    assertEquals("max", entry.getJsonObject("meta").getString("rule"));
    assertEquals("The Server Jar File variable may not be greater than 20 characters.", entry.getString("detail"));

    Http.Response blank = create(body(1).put("environment", new JsonObject().put("MINECRAFT_VERSION", "")));
    JsonObject required = validationEntry(assertValidation(blank), "environment.MINECRAFT_VERSION");
    assertEquals("required", required.getJsonObject("meta").getString("rule"));
    assertEquals("The Minecraft Version variable field is required.", required.getString("detail"));
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM allocations WHERE id = ? AND server_id IS NOT NULL",
        allocations.get(1)), "a refused creation takes nothing");

    JsonObject a = created(body(1).put("environment", new JsonObject().put("SERVER_JARFILE", " paper.jar ")
        .put("NOT_A_VARIABLE", "ignored")));
    JsonObject environment = a.getJsonObject("container").getJsonObject("environment");
    assertEquals("paper.jar", environment.getString("SERVER_JARFILE"), "values are trimmed, as Pterodactyl's input");
    assertEquals("latest", environment.getString("MINECRAFT_VERSION"));
    assertFalse(environment.containsKey("NOT_A_VARIABLE"));
    assertEquals("latest", Sql.value(node, "SELECT sv.variable_value FROM server_variables sv JOIN egg_variables v "
        + "ON v.id = sv.variable_id WHERE sv.server_id = ? AND v.env_variable = 'MINECRAFT_VERSION'", a.getInteger("id")));
  }

  @Test
  void referencesThatDoNotExistOrAreTakenAreOne422() {
    created(body(2));
    Http.Response r = create(body(2).put("user", 999).put("egg", 999));
    JsonArray errors = assertValidation(r);
    assertEquals(3, errors.size(), r.toString());
    assertEquals("The selected user is invalid.", validationEntry(errors, "user").getString("detail"));
    assertEquals("exists", validationEntry(errors, "user").getJsonObject("meta").getString("rule"));
    assertEquals("The selected egg is invalid.", validationEntry(errors, "egg").getString("detail"));
    JsonObject taken = validationEntry(errors, "allocation.default");
    assertEquals("exists", taken.getJsonObject("meta").getString("rule"));
    assertEquals("The selected allocation.default is invalid.", taken.getString("detail"));

    Http.Response missing = create(body(3).put("allocation", new JsonObject().put("default", 99_999)));
    assertEquals("The selected allocation.default is invalid.",
        validationEntry(assertValidation(missing), "allocation.default").getString("detail"));

    JsonArray notAnId = assertValidation(create(body(3).put("user", "abc")));
    assertEquals(2, notAnId.size(), notAnId.encode());
    assertEquals("integer", notAnId.getJsonObject(0).getJsonObject("meta").getString("rule"));
    assertEquals("The user must be an integer.", notAnId.getJsonObject(0).getString("detail"));
    assertEquals("exists", notAnId.getJsonObject(1).getJsonObject("meta").getString("rule"));
  }

  @Test
  void idsAsNumericStringsAndUnknownOrLegacyKeysAreAccepted() {
    JsonObject body = body(3).put("user", String.valueOf(admin)).put("egg", String.valueOf(egg))
        .put("allocation", new JsonObject().put("default", String.valueOf(allocations.get(3))))
        .put("pack", 3).put("nest", 1).put("allocation_additional", new JsonArray()).put("external_id", "")
        .put("limits", new JsonObject().put("memory", "512").put("swap", -1).put("disk", 1024).put("io", 500)
            .put("cpu", 0).put("threads", "0-1").put("oom_disabled", false))
        .put("feature_limits", new JsonObject().put("databases", null).put("backups", "2").put("allocations", 3));
    JsonObject a = created(body);
    assertEquals(admin, a.getInteger("user"));
    assertEquals(allocations.get(3), a.getInteger("allocation"));
    assertNull(a.getString("external_id"), "an empty external_id is none");
    assertEquals(512, a.getJsonObject("limits").getInteger("memory"));
    assertEquals("0-1", a.getJsonObject("limits").getString("threads"));
    assertTrue(a.getJsonObject("limits").getBoolean("oom_disabled"), "limits.oom_disabled is not read; the default is true");
    assertEquals(new JsonObject().put("databases", 0).put("allocations", 3).put("backups", 2), a.getJsonObject("feature_limits"));
    assertEquals(3, a.getJsonObject("container").getJsonObject("environment").getInteger("P_SERVER_ALLOCATION_LIMIT"));
  }

  @Test
  void badLimitsAndFieldsGetOneEntryPerFailedRule() {
    JsonObject body = body(4).put("docker_image", "not an image!").putNull("name")
        .put("limits", new JsonObject().put("memory", -1).put("swap", -2).put("disk", "abc").put("io", 5))
        .put("feature_limits", new JsonObject()).put("oom_disabled", "yes");
    JsonArray errors = assertValidation(create(body));
    assertEquals("The name field is required.", validationEntry(errors, "name").getString("detail"));
    assertEquals("The docker image format is invalid.", validationEntry(errors, "docker_image").getString("detail"));
    assertEquals("The oom disabled field must be true or false.", validationEntry(errors, "oom_disabled").getString("detail"));
    assertEquals("The limits.memory must be at least 0.", validationEntry(errors, "limits.memory").getString("detail"));
    assertEquals("The limits.swap must be at least -1.", validationEntry(errors, "limits.swap").getString("detail"));
    assertEquals("The limits.disk must be a number.", validationEntry(errors, "limits.disk").getString("detail"));
    assertEquals("The limits.io must be between 10 and 1000.", validationEntry(errors, "limits.io").getString("detail"));
    assertEquals("The limits.cpu field is required.", validationEntry(errors, "limits.cpu").getString("detail"));
    assertEquals("The feature limits field is required.", validationEntry(errors, "feature_limits").getString("detail"));
    JsonObject present = validationEntry(errors, "feature_limits.databases");
    assertEquals("present", present.getJsonObject("meta").getString("rule"));
    assertEquals("The feature limits.databases field must be present.", present.getString("detail"));
    assertEquals(11, errors.size(), errors.encode());

    JsonArray noEnvironment = assertValidation(create(body(4).put("environment", "none")));
    assertEquals("The environment must be an array.", validationEntry(noEnvironment, "environment").getString("detail"));
    JsonObject copy = body(4);
    copy.remove("environment");
    assertEquals("present", validationEntry(assertValidation(create(copy)), "environment")
        .getJsonObject("meta").getString("rule"));
  }

  @Test
  void additionalAllocationsAreTakenTooAndMustBeFree() {
    JsonObject a = created(body(5).put("allocation", new JsonObject().put("default", allocations.get(5))
        .put("additional", new JsonArray().add(allocations.get(6)))));
    assertEquals(2, Sql.count(node, "SELECT count(*) FROM allocations WHERE server_id = ?", a.getInteger("id")));
    Http.Response r = create(body(7).put("allocation", new JsonObject().put("default", allocations.get(7))
        .put("additional", new JsonArray().add(allocations.get(8)).add(allocations.get(6)))));
    JsonObject entry = validationEntry(assertValidation(r), "allocation.additional.1");
    assertEquals("The selected allocation.additional.1 is invalid.", entry.getString("detail"));
  }

  @Test
  void externalIdsAreUnique() {
    created(body(9).put("external_id", "billing-42"));
    JsonObject entry = validationEntry(assertValidation(create(body(10).put("external_id", "BILLING-42"))), "external_id");
    assertEquals("unique", entry.getJsonObject("meta").getString("rule"));
    assertEquals("The external id has already been taken.", entry.getString("detail"));
  }

  @Test
  void tenConcurrentCreationsForOneAllocationMakeExactlyOneServer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<CompletableFuture<Http.Response>> attempts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        JsonObject body = body(11).put("name", "Racer " + i);
        attempts.add(CompletableFuture.supplyAsync(() -> create(body), pool));
      }
      int createdCount = 0;
      for (CompletableFuture<Http.Response> attempt : attempts) {
        Http.Response r = attempt.get();
        if (r.status() == 201) {
          createdCount++;
        } else {
          assertEquals("The selected allocation.default is invalid.",
              validationEntry(assertValidation(r), "allocation.default").getString("detail"));
        }
      }
      assertEquals(1, createdCount);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM servers WHERE allocation_id = ?", allocations.get(11)));
  }

  @Test
  void tenConcurrentCreationsSharingAnAdditionalAllocationMakeExactlyOneServer() throws Exception {
    int shared = allocations.get(19);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    int createdCount = 0;
    try {
      List<CompletableFuture<Http.Response>> attempts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // no unique index guards an additional allocation: only the row lock keeps it to one server
        JsonObject body = body(0).put("allocation", new JsonObject().put("default", allocations.get(20 + i))
            .put("additional", new JsonArray().add(shared)));
        attempts.add(CompletableFuture.supplyAsync(() -> create(body), pool));
      }
      for (CompletableFuture<Http.Response> attempt : attempts) {
        Http.Response r = attempt.get();
        if (r.status() == 201) {
          createdCount++;
        } else {
          validationEntry(assertValidation(r), "allocation.additional.0");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, createdCount);
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM servers s JOIN allocations a ON a.server_id = s.id "
        + "WHERE a.id = ?", shared));
  }

  @Test
  void aCreationIsPublishedForADaemonConnector() {
    try (Events events = Events.listen(node, Addresses.EVENT_SERVER_CREATED)) {
      JsonObject a = created(body(12).put("start_on_completion", true));
      JsonObject event = events.next(a.getInteger("id"));
      assertEquals(new JsonObject().put("server_id", a.getInteger("id")).put("uuid", a.getString("uuid"))
          .put("identifier", a.getString("identifier")).put("node_id", a.getInteger("node")).put("status", "installing")
          .put("owner_id", admin).put("egg_id", egg).put("allocation_id", allocations.get(12))
          .put("start_on_completion", true), event);
    }
  }

  private static JsonObject deployBody(JsonObject deploy) {
    JsonObject body = body(0).put("deploy", deploy);
    body.remove("allocation");
    return body;
  }

  @Test
  void deploymentPicksAFreeAllocationOnAViablePublicNode() {
    JsonObject a = created(deployBody(new JsonObject().put("locations", new JsonArray().add(deployLocation))
        .put("dedicated_ip", false).put("port_range", new JsonArray().add("26002-26004"))));
    int allocation = a.getInteger("allocation");
    assertEquals("10.0.1.1", Sql.value(node, "SELECT ip FROM allocations WHERE id = ?", allocation));
    int port = ((Number) Sql.value(node, "SELECT port FROM allocations WHERE id = ?", allocation)).intValue();
    assertTrue(port >= 26002 && port <= 26004, "port " + port);
    assertEquals("node-2", Sql.value(node, "SELECT name FROM nodes WHERE id = ?", a.getInteger("node")));

    // 10.0.1.1 now has an assigned allocation: a dedicated IP can only be 10.0.1.2
    JsonObject dedicated = created(deployBody(new JsonObject().put("locations", new JsonArray().add(deployLocation))
        .put("dedicated_ip", true).put("port_range", new JsonArray())));
    assertEquals("10.0.1.2", Sql.value(node, "SELECT ip FROM allocations WHERE id = ?", dedicated.getInteger("allocation")));
  }

  @Test
  void deploymentFailuresAreNamed400s() {
    JsonObject here = new JsonObject().put("locations", new JsonArray().add(deployLocation)).put("dedicated_ip", false)
        .put("port_range", new JsonArray());
    assertError(create(deployBody(here.copy().put("locations", new JsonArray().add(emptyLocation)))), 400,
        "NoViableNodeException", "No nodes satisfying the requirements specified for automatic deployment could be found.");
    JsonObject huge = deployBody(here);
    huge.getJsonObject("limits").put("memory", 4096);
    assertError(create(huge), 400, "NoViableNodeException", null);
    assertError(create(deployBody(here.copy().put("port_range", new JsonArray().add("30000")))), 400,
        "NoViableAllocationException", "No allocations satisfying the requirements for automatic deployment were found.");
    assertError(create(deployBody(here.copy().put("port_range", new JsonArray().add("26000-28000")))), 400,
        "DisplayException", "Adding more than 1000 ports in a single range at once is not supported.");
    JsonObject noDedicated = here.copy();
    noDedicated.remove("dedicated_ip");
    JsonObject entry = validationEntry(assertValidation(create(deployBody(noDedicated))), "deploy.dedicated_ip");
    assertEquals("required_with", entry.getJsonObject("meta").getString("rule"));
    assertEquals("The deploy.dedicated ip field is required when deploy / boolean is present.", entry.getString("detail"));
  }
}
