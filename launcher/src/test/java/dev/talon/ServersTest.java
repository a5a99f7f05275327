package dev.talon;

import static dev.talon.support.ApiAssertions.NOT_FOUND;
import static dev.talon.support.ApiAssertions.UNAUTHORIZED;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertForbidden;
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
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/application/servers} after creation: every route and its level, views, the listing,
 * details/build/startup semantics, suspension, reinstall, deletion, includes and the events a daemon
 * connector receives.
 */
class ServersTest {

  private static final String SERVERS = "/api/application/servers";
  /** The example body the project brief quotes from the seed, as written there. */
  private static final String BRIEF_EXAMPLE = "{\n"
      + "     \"name\": \"My Server\", \"user\": 1, \"egg\": 1, \"docker_image\": \"ghcr.io/pterodactyl/yolks:java_17\",\n"
      + "     \"startup\": \"java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}\", \"environment\": {},\n"
      + "     \"limits\": {\"memory\": 1024, \"swap\": 0, \"disk\": 5120, \"io\": 500, \"cpu\": 100},\n"
      + "     \"feature_limits\": {\"databases\": 1, \"backups\": 1}, \"allocation\": {\"default\": 1} }";

  private static TestNode node;
  /** Servers at levels 0-3 and nothing else. */
  private static final String[] KEYS = new String[4];
  /** Every resource at level 3. */
  private static String full;
  private static int admin;
  private static int other;
  private static int eggA;
  private static int eggB;
  private static int nestB;
  private static List<Integer> allocations;
  private static List<Integer> otherNodeAllocations;
  /** Index 0 is the brief's example's allocation 1. */
  private static final AtomicInteger NEXT_ALLOCATION = new AtomicInteger(1);

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("rate-limit.application", "100000"));
    admin = node.makeUser("admin", true);
    JsonObject all = new JsonObject();
    for (String resource : List.of("servers", "users", "locations", "nodes", "allocations", "nests", "eggs")) {
      all.put(resource, 3);
    }
    full = node.makeKey(admin, "application", new JsonObject().put("permissions", all));
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application",
          new JsonObject().put("permissions", new JsonObject().put("servers", level)));
    }
    Http.Response user = node.http.post("/api/application/users", full, new JsonObject().put("email", "other@example.com")
        .put("username", "other").put("first_name", "Other").put("last_name", "Owner"));
    assertEquals(201, user.status(), user.toString());
    other = user.json().getJsonObject("attributes").getInteger("id");
    Http.Response location = node.http.post("/api/application/locations", full, new JsonObject().put("short", "ams-1"));
    assertEquals(201, location.status(), location.toString());
    int locationId = location.json().getJsonObject("attributes").getInteger("id");
    int nodeId = PanelRows.node(node, locationId, "node-1", 100_000, 1_000_000, true);
    allocations = PanelRows.allocations(node, nodeId, "10.0.0.1", 25565, 25624);
    otherNodeAllocations = PanelRows.allocations(node, PanelRows.node(node, locationId, "node-2", 1000, 1000, true),
        "10.0.5.1", 30000, 30002);
    eggA = PanelRows.egg(node, PanelRows.nest(node, "Minecraft"), "Paper");
    PanelRows.variable(node, eggA, "Server Jar File", "SERVER_JARFILE", "server.jar", "required|string|max:20");
    PanelRows.variable(node, eggA, "Minecraft Version", "MINECRAFT_VERSION", "latest", "required|string|max:20");
    nestB = PanelRows.nest(node, "Source Engine");
    eggB = PanelRows.egg(node, nestB, "Garry's Mod");
    PanelRows.variable(node, eggB, "Build Number", "BUILD_NUMBER", "100", "required|integer|between:1,999");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject body(String name) {
    return new JsonObject()
        .put("name", name)
        .put("user", admin)
        .put("egg", eggA)
        .put("docker_image", "ghcr.io/pterodactyl/yolks:java_17")
        .put("startup", "java -jar {{SERVER_JARFILE}}")
        .put("environment", new JsonObject().put("SERVER_JARFILE", "paper.jar"))
        .put("limits", new JsonObject().put("memory", 512).put("swap", 0).put("disk", 1024).put("io", 500).put("cpu", 100))
        .put("feature_limits", new JsonObject().put("databases", 0).put("backups", 0))
        .put("allocation", new JsonObject().put("default", allocations.get(NEXT_ALLOCATION.getAndIncrement())));
  }

  private static JsonObject make(JsonObject body) {
    Http.Response r = node.http.post(SERVERS, full, body);
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  private static JsonObject make(String name) {
    return make(body(name));
  }

  private static JsonObject view(int id) {
    Http.Response r = node.http.get(SERVERS + "/" + id, full);
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  private static Http.Response patch(String path, String key, JsonObject body) {
    return node.http.request("PATCH", path).key(key).json(body).send();
  }

  private static Http.Response post(String path, String key) {
    return node.http.request("POST", path).key(key).send();
  }

  private static JsonObject buildBody(int allocation) {
    return new JsonObject().put("allocation", allocation)
        .put("feature_limits", new JsonObject().put("databases", 0).put("backups", 0));
  }

  private static JsonObject startupBody(int egg, JsonObject environment) {
    return new JsonObject().put("startup", "java -jar new.jar").put("environment", environment).put("egg", egg)
        .put("image", "ghcr.io/pterodactyl/yolks:java_21").put("skip_scripts", false);
  }

  @Test
  void theBriefsExampleBodyCreatesAServerThatIsListed() {
    // user 1, egg 1 (a fresh install's Bungeecord) and allocation 1, as the body names them
    assertEquals(1, admin);
    assertEquals(1, allocations.get(0));
    Http.Response r = node.http.request("POST", SERVERS).key(full).body(BRIEF_EXAMPLE, "application/json").send();
    assertEquals(201, r.status(), r.toString());
    JsonObject a = r.json().getJsonObject("attributes");
    assertEquals("My Server", a.getString("name"));
    JsonObject environment = a.getJsonObject("container").getJsonObject("environment");
    assertEquals("bungeecord.jar", environment.getString("SERVER_JARFILE"), "the egg's default, environment being {}");
    assertEquals("java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}", environment.getString("STARTUP"));
    JsonArray data = node.http.get(SERVERS + "?filter[uuidShort]=" + a.getString("identifier"), KEYS[1]).json()
        .getJsonArray("data");
    assertEquals(1, data.size());
    assertEquals("server", data.getJsonObject(0).getString("object"));
    assertEquals(a.getInteger("id"), data.getJsonObject(0).getJsonObject("attributes").getInteger("id"));
  }

  /** A key just below {@code needed} and a key of level 0 get 403; the key of level {@code needed} gets {@code status}. */
  private static void assertLevels(String method, String path, JsonObject body, int needed, int status) {
    for (int level : new int[] {0, needed - 1}) {
      assertForbidden(node.http.request(method, path).key(KEYS[level]).json(body).send(), UNAUTHORIZED);
    }
    Http.Response allowed = node.http.request(method, path).key(KEYS[needed]).json(body).send();
    assertEquals(status, allowed.status(), () -> method + " " + path + ": " + allowed);
  }

  @Test
  void everyRouteNeedsItsLevel() {
    JsonObject s = make(body("Levels").put("external_id", "levels-1"));
    int id = s.getInteger("id");
    assertLevels("GET", SERVERS, null, 1, 200);
    assertLevels("GET", SERVERS + "/" + id, null, 1, 200);
    assertLevels("GET", SERVERS + "/external/levels-1", null, 1, 200);
    assertLevels("POST", SERVERS, body("Levels two"), 2, 201);
    assertLevels("PATCH", SERVERS + "/" + id + "/details", new JsonObject().put("name", "Lv").put("user", admin), 2, 200);
    assertLevels("PATCH", SERVERS + "/" + id + "/build", buildBody(s.getInteger("allocation")), 2, 200);
    assertLevels("PATCH", SERVERS + "/" + id + "/startup", startupBody(eggA, new JsonObject()), 2, 200);
    assertLevels("POST", SERVERS + "/" + id + "/suspend", null, 2, 204);
    assertLevels("POST", SERVERS + "/" + id + "/unsuspend", null, 2, 204);
    assertLevels("POST", SERVERS + "/" + id + "/reinstall", null, 2, 204);
    assertLevels("DELETE", SERVERS + "/" + id, null, 3, 204);
    assertLevels("DELETE", SERVERS + "/" + make("Levels forced").getInteger("id") + "/force", null, 3, 204);
  }

  @Test
  void unknownServersAre404BeforeTheBodyIsLookedAt() {
    for (String path : List.of(SERVERS + "/999999", SERVERS + "/abc", SERVERS + "/external/nobody")) {
      assertError(node.http.get(path, full), 404, "NotFoundHttpException", NOT_FOUND);
    }
    for (String part : List.of("details", "build", "startup")) {
      assertError(patch(SERVERS + "/999999/" + part, full, new JsonObject()), 404, "NotFoundHttpException", NOT_FOUND);
    }
    for (String action : List.of("suspend", "unsuspend", "reinstall")) {
      assertError(post(SERVERS + "/999999/" + action, full), 404, "NotFoundHttpException", NOT_FOUND);
    }
    assertError(node.http.delete(SERVERS + "/999999", full), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.delete(SERVERS + "/999999/force", full), 404, "NotFoundHttpException", NOT_FOUND);
  }

  @Test
  void viewsAndTheListingFilterAndSort() {
    JsonObject alpha = make(body("Alpha Listed").put("external_id", "Ext-Alpha").put("description", "first"));
    JsonObject beta = make(body("Beta Listed").put("docker_image", "ghcr.io/pterodactyl/games:source"));
    assertEquals(alpha, view(alpha.getInteger("id")));
    Http.Response external = node.http.get(SERVERS + "/external/ext-alpha", KEYS[1]);
    assertEquals(200, external.status(), external.toString());
    assertEquals(alpha.getInteger("id"), external.json().getJsonObject("attributes").getInteger("id"));

    assertEquals(1, node.http.get(SERVERS + "?filter[name]=ALPHA%20list", KEYS[1]).json().getJsonArray("data").size());
    assertEquals(1, node.http.get(SERVERS + "?filter[external_id]=ext-al", KEYS[1]).json().getJsonArray("data").size());
    assertEquals(1, node.http.get(SERVERS + "?filter[description]=firs", KEYS[1]).json().getJsonArray("data").size());
    JsonArray games = node.http.get(SERVERS + "?filter[image]=games:source", KEYS[1]).json().getJsonArray("data");
    assertEquals(beta.getInteger("id"), games.getJsonObject(0).getJsonObject("attributes").getInteger("id"));
    assertEquals(1, node.http.get(SERVERS + "?filter[uuid]=" + alpha.getString("uuid"), KEYS[1]).json()
        .getJsonArray("data").size());

    JsonArray descending = node.http.get(SERVERS + "?sort=-id", KEYS[1]).json().getJsonArray("data");
    assertTrue(descending.getJsonObject(0).getJsonObject("attributes").getInteger("id")
        > descending.getJsonObject(descending.size() - 1).getJsonObject("attributes").getInteger("id"));
    assertEquals(200, node.http.get(SERVERS + "?sort=uuid", KEYS[1]).status());
    assertError(node.http.get(SERVERS + "?sort=name", KEYS[1]), 400, "InvalidSortQuery",
        "Requested sort(s) `name` is not allowed. Allowed sort(s) are `id, uuid`.");
    assertError(node.http.get(SERVERS + "?filter[node]=1", KEYS[1]), 400, "InvalidFilterQuery", null);
    JsonObject pagination = node.http.get(SERVERS + "?per_page=1", KEYS[1]).json().getJsonObject("meta")
        .getJsonObject("pagination");
    assertEquals(1, pagination.getInteger("count"));
    assertTrue(pagination.getInteger("total") >= 2);
  }

  @Test
  void detailsAreAFullReplace() {
    JsonObject s = make(body("Details").put("external_id", "details-1").put("description", "kept?"));
    int id = s.getInteger("id");
    try (Events events = Events.listen(node, Addresses.EVENT_SERVER_UPDATED)) {
      Http.Response r = patch(SERVERS + "/" + id + "/details", KEYS[2], new JsonObject().put("name", "Renamed")
          .put("user", String.valueOf(other)).put("pack", 1));
      assertEquals(200, r.status(), r.toString());
      JsonObject a = r.json().getJsonObject("attributes");
      assertEquals("Renamed", a.getString("name"));
      assertEquals(other, a.getInteger("user"));
      assertNull(a.getString("external_id"), "left out: cleared");
      assertEquals("", a.getString("description"), "left out: blank");
      JsonObject event = events.next(id);
      assertEquals("details", event.getString("change"));
      assertEquals(other, event.getInteger("owner_id"));
      assertEquals(admin, event.getInteger("previous_owner_id"));
    }
    JsonObject unknownUser = validationEntry(assertValidation(patch(SERVERS + "/" + id + "/details", full,
        new JsonObject().put("name", "x").put("user", 999))), "user");
    assertEquals("The selected User ID is invalid.", unknownUser.getString("detail"));
    JsonArray empty = assertValidation(patch(SERVERS + "/" + id + "/details", full, new JsonObject()));
    assertEquals("The Server Name field is required.", validationEntry(empty, "name").getString("detail"));
    assertEquals("The User ID field is required.", validationEntry(empty, "user").getString("detail"));

    make(body("Details other").put("external_id", "details-taken"));
    JsonObject taken = validationEntry(assertValidation(patch(SERVERS + "/" + id + "/details", full,
        new JsonObject().put("name", "x").put("user", admin).put("external_id", "details-taken"))), "external_id");
    assertEquals("unique", taken.getJsonObject("meta").getString("rule"));
    for (int i = 0; i < 2; i++) {
      Http.Response own = patch(SERVERS + "/" + id + "/details", full, new JsonObject().put("name", "x").put("user", admin)
          .put("external_id", "details-own"));
      assertEquals(200, own.status(), "a server keeps its own external id: " + own);
    }
  }

  @Test
  void buildChangesLimitsAndAllocationsAsPterodactylDoes() {
    JsonObject s = make("Build");
    int id = s.getInteger("id");
    int primary = s.getInteger("allocation");
    int extra = allocations.get(NEXT_ALLOCATION.getAndIncrement());
    int replacement = allocations.get(NEXT_ALLOCATION.getAndIncrement());
    int unassigned = allocations.get(NEXT_ALLOCATION.getAndIncrement());
    try (Events events = Events.listen(node, Addresses.EVENT_SERVER_UPDATED)) {
      Http.Response r = patch(SERVERS + "/" + id + "/build", KEYS[2], buildBody(primary)
          .put("limits", new JsonObject().put("memory", 2048).put("oom_disabled", false))
          .put("oom_disabled", false).put("memory", 1).put("swap", 77)
          .put("add_allocations", new JsonArray().add(extra).add(otherNodeAllocations.get(0)))
          .put("feature_limits", new JsonObject().put("databases", 2).put("allocations", 5).putNull("backups")));
      assertEquals(200, r.status(), r.toString());
      JsonObject a = r.json().getJsonObject("attributes");
      assertEquals(2048, a.getJsonObject("limits").getInteger("memory"));
      assertEquals(77, a.getJsonObject("limits").getInteger("swap"), "older top-level limits apply too");
      assertFalse(a.getJsonObject("limits").getBoolean("oom_disabled"));
      assertEquals(new JsonObject().put("databases", 2).put("allocations", 5).put("backups", 0), a.getJsonObject("feature_limits"));
      assertEquals("build", events.next(id).getString("change"));
    }
    assertEquals((long) id, Sql.count(node, "SELECT server_id FROM allocations WHERE id = ?", extra));
    assertNull(Sql.value(node, "SELECT server_id FROM allocations WHERE id = ?", otherNodeAllocations.get(0)),
        "an allocation on another node is not added");

    assertError(patch(SERVERS + "/" + id + "/build", full, buildBody(primary)
        .put("remove_allocations", new JsonArray().add(primary))), 400, "DisplayException",
        "You are attempting to delete the default allocation for this server but there is no fallback allocation to use.");
    assertError(patch(SERVERS + "/" + id + "/build", full, buildBody(unassigned)), 400, "DisplayException",
        "The requested default allocation is not currently assigned to this server.");

    Http.Response swapped = patch(SERVERS + "/" + id + "/build", full, buildBody(primary)
        .put("add_allocations", new JsonArray().add(replacement)).put("remove_allocations", new JsonArray().add(primary)));
    assertEquals(200, swapped.status(), swapped.toString());
    JsonObject a = swapped.json().getJsonObject("attributes");
    assertEquals(replacement, a.getInteger("allocation"), "the allocation just added replaces the removed primary");
    assertNull(a.getJsonObject("feature_limits").getInteger("allocations"), "left out: cleared");
    assertEquals(2048, a.getJsonObject("limits").getInteger("memory"), "limits not sent are kept");
    assertNull(Sql.value(node, "SELECT server_id FROM allocations WHERE id = ?", primary));

    Http.Response legacy = patch(SERVERS + "/" + id + "/build", full, buildBody(extra).put("memory", 3000).put("threads", "0,1"));
    assertEquals(200, legacy.status(), legacy.toString());
    assertEquals(extra, legacy.json().getJsonObject("attributes").getInteger("allocation"), "an assigned allocation may become primary");
    assertEquals(3000, legacy.json().getJsonObject("attributes").getJsonObject("limits").getInteger("memory"));
    assertEquals("0,1", legacy.json().getJsonObject("attributes").getJsonObject("limits").getString("threads"));

    int elsewhere = make("Build neighbour").getInteger("allocation");
    JsonObject taken = validationEntry(assertValidation(patch(SERVERS + "/" + id + "/build", full, buildBody(elsewhere))),
        "allocation");
    assertEquals("unique", taken.getJsonObject("meta").getString("rule"));
    assertEquals("The allocation has already been taken.", taken.getString("detail"));
    assertEquals("The selected allocation is invalid.", validationEntry(assertValidation(patch(SERVERS + "/" + id + "/build",
        full, buildBody(999_999))), "allocation").getString("detail"));
    JsonArray missing = assertValidation(patch(SERVERS + "/" + id + "/build", full, new JsonObject()
        .put("limits", new JsonObject().put("io", 5)).put("add_allocations", new JsonArray().add("x"))));
    assertEquals("The allocation field is required.", validationEntry(missing, "allocation").getString("detail"));
    assertEquals("The limits.io must be between 10 and 1000.", validationEntry(missing, "limits.io").getString("detail"));
    assertEquals("The feature limits field is required.", validationEntry(missing, "feature_limits").getString("detail"));
    assertEquals("The Database Limit field must be present.",
        validationEntry(missing, "feature_limits.databases").getString("detail"));
    assertEquals("The allocation to add must be an integer.", validationEntry(missing, "add_allocations.0").getString("detail"));
  }

  @Test
  void startupChangesTheCommandImageEggAndVariables() {
    JsonObject s = make("Startup");
    int id = s.getInteger("id");
    String path = SERVERS + "/" + id + "/startup";
    try (Events events = Events.listen(node, Addresses.EVENT_SERVER_UPDATED)) {
      Http.Response r = patch(path, KEYS[2], startupBody(eggA, new JsonObject()).put("skip_scripts", true));
      assertEquals(200, r.status(), r.toString());
      JsonObject container = r.json().getJsonObject("attributes").getJsonObject("container");
      assertEquals("java -jar new.jar", container.getString("startup_command"));
      assertEquals("ghcr.io/pterodactyl/yolks:java_21", container.getString("image"));
      assertEquals("paper.jar", container.getJsonObject("environment").getString("SERVER_JARFILE"),
          "an empty environment leaves the variables alone");
      assertEquals(true, Sql.value(node, "SELECT skip_scripts FROM servers WHERE id = ?", id));
      assertEquals("startup", events.next(id).getString("change"));
    }
    JsonObject environment = patch(path, full, startupBody(eggA, new JsonObject().put("MINECRAFT_VERSION", "1.20.4")))
        .json().getJsonObject("attributes").getJsonObject("container").getJsonObject("environment");
    assertEquals("1.20.4", environment.getString("MINECRAFT_VERSION"));
    assertEquals("server.jar", environment.getString("SERVER_JARFILE"), "a variable left out takes its default");

    JsonObject tooLong = validationEntry(assertValidation(patch(path, full,
        startupBody(eggA, new JsonObject().put("SERVER_JARFILE", "x".repeat(21))))), "environment.SERVER_JARFILE");
    assertEquals("The Server Jar File variable may not be greater than 20 characters.", tooLong.getString("detail"));
    JsonObject notInteger = validationEntry(assertValidation(patch(path, full,
        startupBody(eggB, new JsonObject().put("BUILD_NUMBER", "abc")))), "environment.BUILD_NUMBER");
    assertEquals("integer", notInteger.getJsonObject("meta").getString("rule"));
    assertEquals("The Build Number variable must be an integer.", notInteger.getString("detail"));

    Http.Response moved = patch(path, full, startupBody(eggB,
        new JsonObject().put("BUILD_NUMBER", 120)));
    assertEquals(200, moved.status(), moved.toString());
    JsonObject a = moved.json().getJsonObject("attributes");
    assertEquals(eggB, a.getInteger("egg"));
    assertEquals(nestB, a.getInteger("nest"));
    JsonObject env = a.getJsonObject("container").getJsonObject("environment");
    assertEquals("120", env.getString("BUILD_NUMBER"));
    assertFalse(env.containsKey("SERVER_JARFILE"), "the environment is the current egg's");

    assertEquals("The selected egg is invalid.", validationEntry(assertValidation(patch(path, full,
        startupBody(999, new JsonObject()))), "egg").getString("detail"));
    JsonObject noFlag = startupBody(eggA, new JsonObject());
    noFlag.remove("skip_scripts");
    JsonObject present = validationEntry(assertValidation(patch(path, full, noFlag)), "skip_scripts");
    assertEquals("present", present.getJsonObject("meta").getString("rule"));
    assertEquals("The skip scripts field must be present.", present.getString("detail"));
  }

  @Test
  void suspensionIsIdempotentAndPublishedOnlyWhenItChanges() {
    int id = make("Suspension").getInteger("id");
    try (Events suspended = Events.listen(node, Addresses.EVENT_SERVER_SUSPENDED);
        Events unsuspended = Events.listen(node, Addresses.EVENT_SERVER_UNSUSPENDED)) {
      Http.Response r = post(SERVERS + "/" + id + "/suspend", full);
      assertEquals(204, r.status(), r.toString());
      assertEquals("", r.body());
      assertEquals("suspended", view(id).getString("status"));
      assertTrue(view(id).getBoolean("suspended"));
      assertEquals("suspended", suspended.next(id).getString("status"));
      assertEquals(204, post(SERVERS + "/" + id + "/suspend", full).status());
      suspended.assertNone(id, 300);

      assertEquals(204, post(SERVERS + "/" + id + "/unsuspend", full).status());
      assertNull(view(id).getString("status"));
      JsonObject event = unsuspended.next(id);
      assertTrue(event.containsKey("status") && event.getValue("status") == null, event.encode());
      assertEquals(204, post(SERVERS + "/" + id + "/unsuspend", full).status());
      unsuspended.assertNone(id, 300);
    }
  }

  @Test
  void reinstallSetsTheServerInstallingAgain() {
    JsonObject s = make("Reinstall");
    int id = s.getInteger("id");
    Sql.execute(node, "UPDATE servers SET status = NULL WHERE id = ?", id);
    assertEquals(1, view(id).getJsonObject("container").getInteger("installed"));
    try (Events events = Events.listen(node, Addresses.EVENT_SERVER_REINSTALLING)) {
      assertEquals(204, post(SERVERS + "/" + id + "/reinstall", full).status());
      JsonObject event = events.next(id);
      assertEquals(new JsonObject().put("server_id", id).put("uuid", s.getString("uuid"))
          .put("identifier", s.getString("identifier")).put("node_id", s.getInteger("node")).put("status", "installing"), event);
    }
    assertEquals("installing", view(id).getString("status"));
    assertEquals(0, view(id).getJsonObject("container").getInteger("installed"));
  }

  @Test
  void deletionReleasesAllocationsAndIsForcedOnlyByTheWordForce() {
    int extra = allocations.get(NEXT_ALLOCATION.getAndIncrement());
    JsonObject s = make(body("Deleted").put("allocation", new JsonObject()
        .put("default", allocations.get(NEXT_ALLOCATION.getAndIncrement())).put("additional", new JsonArray().add(extra))));
    int id = s.getInteger("id");
    Sql.execute(node, "UPDATE allocations SET notes = 'kept' WHERE id = ?", extra);
    try (Events events = Events.listen(node, Addresses.EVENT_SERVER_DELETED)) {
      Http.Response r = node.http.delete(SERVERS + "/" + id + "/softly", full);
      assertEquals(204, r.status(), r.toString());
      assertEquals("", r.body());
      assertEquals(new JsonObject().put("server_id", id).put("uuid", s.getString("uuid"))
          .put("identifier", s.getString("identifier")).put("node_id", s.getInteger("node")).put("status", "installing")
          .put("force", false), events.next(id));

      assertEquals(404, node.http.get(SERVERS + "/" + id, full).status());
      assertEquals(0, Sql.count(node, "SELECT count(*) FROM allocations WHERE server_id = ?", id));
      assertEquals("kept", Sql.value(node, "SELECT notes FROM allocations WHERE id = ?", extra), "notes are not cleared");
      assertEquals(0, Sql.count(node, "SELECT count(*) FROM server_variables WHERE server_id = ?", id));

      int withDatabase = make("Deleted with database").getInteger("id");
      int host = ((Number) Sql.value(node, "INSERT INTO database_hosts (name, host, port, username, password) "
          + "VALUES ('db', '127.0.0.1', 1, 'root', 'sealed') RETURNING id")).intValue();
      Sql.execute(node, "INSERT INTO databases (server_id, database_host_id, database, username, password) "
          + "VALUES (?, ?, 's1_db', 'u1_x', 'sealed')", withDatabase, host);
      assertEquals(204, node.http.delete(SERVERS + "/" + withDatabase + "/force", full).status());
      assertTrue(events.next(withDatabase).getBoolean("force"));
      assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", withDatabase));
    }
  }

  @Test
  void serversAreFoundByEveryRelationField() {
    JsonObject s = make("Related");
    int id = s.getInteger("id");
    int location = ((Number) Sql.value(node, "SELECT location_id FROM nodes WHERE id = ?", s.getInteger("node"))).intValue();
    Map<String, Integer> byField = Map.of("id", id, "owner_id", admin, "node_id", s.getInteger("node"),
        "nest_id", s.getInteger("nest"), "egg_id", eggA, "location_id", location, "allocation_id", s.getInteger("allocation"));
    byField.forEach((field, value) -> {
      JsonArray data = node.request(Addresses.DB_SERVER_BY, new JsonObject().put("field", field)
          .put("values", new JsonArray().add(value))).getJsonArray("data");
      assertTrue(data.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getInteger("key").equals(value)
          && e.getJsonObject("attributes").getInteger("id") == id), field + ": " + data.encode());
    });
    JsonObject servers = node.http.get("/api/application/locations/" + location + "?include=servers", full).json()
        .getJsonObject("attributes").getJsonObject("relationships").getJsonObject("servers");
    assertTrue(servers.getJsonArray("data").size() >= 1, servers.encode());
  }

  /** Whether something serves {@code address} (the node and allocation stores come from another part of Talon). */
  private static boolean served(String address) {
    try {
      node.vertx.eventBus().request(address, new JsonObject().put("field", "id").put("values", new JsonArray())).await();
      return true;
    } catch (ReplyException e) {
      return e.failureType() != ReplyFailure.NO_HANDLERS;
    }
  }

  @Test
  void includesNeedReadOnTheirResource() {
    JsonObject s = make("Includes");
    int id = s.getInteger("id");
    Sql.execute(node, "INSERT INTO subusers (user_id, server_id, permissions) VALUES (?, ?, '[\"control.console\"]')",
        other, id);
    JsonObject relationships = node.http.get(SERVERS + "/" + id + "?include=user,variables,location,subusers", full)
        .json().getJsonObject("attributes").getJsonObject("relationships");
    assertEquals("user", relationships.getJsonObject("user").getString("object"));
    assertEquals(admin, relationships.getJsonObject("user").getJsonObject("attributes").getInteger("id"));
    assertEquals("ams-1", relationships.getJsonObject("location").getJsonObject("attributes").getString("short"));
    JsonArray variables = relationships.getJsonObject("variables").getJsonArray("data");
    assertEquals(2, variables.size());
    JsonObject variable = variables.getJsonObject(0);
    assertEquals("server_variable", variable.getString("object"));
    JsonObject jar = variable.getJsonObject("attributes");
    assertEquals(List.of("id", "egg_id", "name", "description", "env_variable", "default_value", "user_viewable",
        "user_editable", "rules", "created_at", "updated_at", "server_value"), List.copyOf(jar.fieldNames()));
    assertEquals("SERVER_JARFILE", jar.getString("env_variable"));
    assertEquals("paper.jar", jar.getString("server_value"));
    assertEquals("server.jar", jar.getString("default_value"));
    assertTrue(jar.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), jar.getString("created_at"));
    JsonObject subuser = relationships.getJsonObject("subusers").getJsonArray("data").getJsonObject(0);
    assertEquals("subuser", subuser.getString("object"));
    assertEquals(new JsonArray().add("control.console"), subuser.getJsonObject("attributes").getJsonArray("permissions"));
    assertEquals(other, subuser.getJsonObject("attributes").getInteger("user_id"));

    JsonObject denied = node.http.get(SERVERS + "/" + id + "?include=user,location,allocations,node,subusers,variables",
        KEYS[3]).json().getJsonObject("attributes").getJsonObject("relationships");
    JsonObject nullResource = new JsonObject().put("object", "null_resource").putNull("attributes");
    for (String relation : List.of("user", "location", "allocations", "node", "subusers")) {
      assertEquals(nullResource, denied.getJsonObject(relation), relation);
    }
    assertEquals("list", denied.getJsonObject("variables").getString("object"), "variables need servers Read only");

    JsonObject owners = node.http.get("/api/application/users/" + admin + "?include=servers", full).json()
        .getJsonObject("attributes").getJsonObject("relationships").getJsonObject("servers");
    assertTrue(owners.getJsonArray("data").stream()
        .anyMatch(e -> ((JsonObject) e).getJsonObject("attributes").getInteger("id") == id), "a user's servers");
    JsonObject listed = node.http.get(SERVERS + "?filter[name]=includes&include=user", full).json().getJsonArray("data")
        .getJsonObject(0).getJsonObject("attributes");
    assertEquals(admin, listed.getJsonObject("relationships").getJsonObject("user").getJsonObject("attributes").getInteger("id"));

    Assumptions.assumeTrue(served(Addresses.DB_NODE_BY) && served(Addresses.DB_ALLOCATION_BY),
        "node and allocation includes need the node and allocation stores");
    JsonObject placed = node.http.get(SERVERS + "/" + id + "?include=node,allocations", full).json()
        .getJsonObject("attributes").getJsonObject("relationships");
    assertEquals(s.getInteger("node"), placed.getJsonObject("node").getJsonObject("attributes").getInteger("id"));
    assertEquals(s.getInteger("allocation"), placed.getJsonObject("allocations").getJsonArray("data").getJsonObject(0)
        .getJsonObject("attributes").getInteger("id"));
  }
}
