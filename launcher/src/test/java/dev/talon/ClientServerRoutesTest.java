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
import dev.talon.support.Http;
import dev.talon.support.ClientRows;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server routes of the Client API: Pterodactyl's authorization scenarios (the owner of one
 * server, a subuser of a second without the permission, no relation to a third, children of another
 * server), what each route does, the server states that refuse a route, and the daemon routes with
 * and without a connector on the event bus.
 */
class ClientServerRoutesTest {

  private static final String NO_ACCESS = "The requested resource does not exist on this server.";
  private static final String NO_CONNECTOR = "No daemon connector is connected to Talon: the request could not be "
      + "delivered to the machine running this server.";

  private static TestNode node;
  private static ClientRows rows;
  private static int ana;
  private static int ben;
  private static int admin;
  /** Ana's own server, a server where Ana is a permission-less subuser, a server Ana has no relation with. */
  private static ClientRows.Server own;
  private static ClientRows.Server seat;
  private static ClientRows.Server foreign;
  private static String anaKey;
  private static String benKey;
  private static String adminKey;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    rows = ClientRows.create(node);
    ana = node.makeUser("ana", false);
    ben = node.makeUser("ben", false);
    int cy = node.makeUser("cyd", false);
    admin = node.makeUser("root", true);
    own = rows.server(ana, "own");
    seat = rows.server(ben, "seat");
    foreign = rows.server(cy, "foreign");
    rows.subuser(seat, ana);
    anaKey = node.makeKey(ana, "client", null);
    benKey = node.makeKey(ben, "client", null);
    adminKey = node.makeKey(admin, "client", null);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String path(ClientRows.Server server, String rest) {
    return "/api/client/servers/" + server.identifier() + rest;
  }

  private static Http.Response send(String method, String path, String key, JsonObject body) {
    Http.Request request = node.http.request(method, path).key(key);
    return body == null ? request.send() : request.json(body).send();
  }

  /** A route of each server: allowed on Ana's own, 403 on her permission-less seat, 404 where she has no relation. */
  private static void assertGuarded(String method, String rest, JsonObject body, List<Integer> allowed) {
    Http.Response mine = send(method, path(own, rest), anaKey, body);
    assertTrue(allowed.contains(mine.status()), method + " " + rest + " on her own server: " + mine);
    assertForbidden(send(method, path(seat, rest), anaKey, body), UNAUTHORIZED);
    assertError(send(method, path(foreign, rest), anaKey, body), 404, "NotFoundHttpException", NO_ACCESS);
  }

  /** A child route: also 404 for the child of another server, even where the permission is missing. */
  private static void assertChildGuarded(String method, String rest, String ownChild, String seatChild, String foreignChild,
      JsonObject body, List<Integer> allowed) {
    Http.Response mine = send(method, path(own, rest + ownChild), anaKey, body);
    assertTrue(allowed.contains(mine.status()), method + " " + rest + " on her own server: " + mine);
    assertForbidden(send(method, path(seat, rest + seatChild), anaKey, body), UNAUTHORIZED);
    assertError(send(method, path(own, rest + seatChild), anaKey, body), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(send(method, path(seat, rest + ownChild), anaKey, body), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(send(method, path(foreign, rest + foreignChild), anaKey, body), 404, "NotFoundHttpException", NO_ACCESS);
  }

  @Test
  void everyRouteRefusesAsPterodactylDoes() {
    assertGuarded("GET", "/network/allocations", null, List.of(200));
    assertGuarded("GET", "/startup", null, List.of(200));
    assertGuarded("PUT", "/startup/variable", new JsonObject().put("key", "BUILD_NUMBER").put("value", "7"), List.of(200));
    assertGuarded("POST", "/settings/rename", new JsonObject().put("name", "own"), List.of(204));
    assertGuarded("PUT", "/settings/docker-image", new JsonObject().put("docker_image", ClientRows.JAVA_17), List.of(204));
    assertGuarded("GET", "/backups", null, List.of(200));
    assertGuarded("GET", "/users", null, List.of(200));
    assertGuarded("POST", "/command", new JsonObject().put("command", "say hi"), List.of(502));
    assertGuarded("POST", "/power", new JsonObject().put("signal", "restart"), List.of(502));
    assertGuarded("GET", "/files/list", null, List.of(502));
    assertGuarded("GET", "/files/contents?file=server.properties", null, List.of(502));
    assertGuarded("POST", "/network/allocations", null, List.of(200, 400));

    String ownAllocation = "/" + rows.allocation("10.0.0.1", 40001);
    String seatAllocation = "/" + rows.allocation("10.0.0.1", 40002);
    String foreignAllocation = "/" + rows.allocation("10.0.0.1", 40003);
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", own.id(), Integer.parseInt(ownAllocation.substring(1)));
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", seat.id(), Integer.parseInt(seatAllocation.substring(1)));
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", foreign.id(),
        Integer.parseInt(foreignAllocation.substring(1)));
    String allocations = "/network/allocations";
    assertChildGuarded("POST", allocations, ownAllocation, seatAllocation, foreignAllocation,
        new JsonObject().put("notes", "n"), List.of(200));
    assertChildGuarded("POST", allocations, ownAllocation + "/primary", seatAllocation + "/primary",
        foreignAllocation + "/primary", null, List.of(200));
    assertChildGuarded("DELETE", allocations, "/" + own.allocationId(), "/" + seat.allocationId(),
        "/" + foreign.allocationId(), null, List.of(204));

    String ownBackup = "/" + rows.backup(own, "b", true, true, false);
    String seatBackup = "/" + rows.backup(seat, "b", true, true, false);
    String foreignBackup = "/" + rows.backup(foreign, "b", true, true, false);
    assertChildGuarded("GET", "/backups", ownBackup, seatBackup, foreignBackup, null, List.of(200));
    assertChildGuarded("POST", "/backups", ownBackup + "/lock", seatBackup + "/lock", foreignBackup + "/lock", null,
        List.of(200));
    assertError(send("GET", path(own, "/backups/12"), anaKey, null), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(send("POST", path(own, "/network/allocations/x/primary"), anaKey, null), 404, "NotFoundHttpException",
        NOT_FOUND);

    assertError(send("GET", path(seat, "/websocket"), anaKey, null), 403, "HttpForbiddenException",
        "You do not have permission to connect to this server's websocket.");
    assertEquals(502, send("GET", path(seat, "/resources"), anaKey, null).status(), "resources need any relation only");
  }

  @Test
  void allocationsWithinTheLimit() {
    ClientRows.Server server = rows.server(ben, "network", "10.0.5.1");
    String base = path(server, "/network/allocations");
    int free1 = rows.allocation("10.0.5.1", 41001);
    int free2 = rows.allocation("10.0.5.1", 41002);
    rows.allocation("10.0.5.2", 41003);

    Http.Response list = node.http.get(base, benKey);
    assertEquals(200, list.status(), list.toString());
    assertEquals(1, list.json().getJsonArray("data").size());
    assertTrue(list.json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes").getBoolean("is_default"));

    List<Integer> assigned = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Http.Response created = node.http.post(base, benKey, null);
      assertEquals(200, created.status(), created.toString());
      JsonObject a = created.json().getJsonObject("attributes");
      assertEquals("10.0.5.1", a.getString("ip"), "on the primary allocation's IP");
      assertFalse(a.getBoolean("is_default"));
      assigned.add(a.getInteger("id"));
    }
    assertTrue(assigned.containsAll(List.of(free1, free2)), assigned.toString());
    assertError(node.http.post(base, benKey, null), 400, "DisplayException",
        "Cannot assign additional allocations to this server: limit has been reached.");
    Sql.execute(node, "UPDATE servers SET allocation_limit = 10 WHERE id = ?", server.id());
    assertError(node.http.post(base, benKey, null), 400, "NoAutoAllocationSpaceAvailableException",
        "Cannot assign additional allocation: no more space available on node.");

    String one = base + "/" + free1;
    Http.Response noted = node.http.post(one, benKey, new JsonObject().put("notes", "  game port  "));
    assertEquals(200, noted.status(), noted.toString());
    assertEquals("game port", noted.json().getJsonObject("attributes").getString("notes"));
    assertEquals("The notes field must be present.",
        validationEntry(assertValidation(node.http.post(one, benKey, new JsonObject())), "notes").getString("detail"));
    assertEquals("string", validationEntry(assertValidation(node.http.post(one, benKey, new JsonObject().put("notes", 5))),
        "notes").getJsonObject("meta").getString("rule"));
    assertEquals("The notes may not be greater than 256 characters.", validationEntry(assertValidation(
        node.http.post(one, benKey, new JsonObject().put("notes", "x".repeat(257)))), "notes").getString("detail"));
    Http.Response cleared = node.http.post(one, benKey, new JsonObject().putNull("notes"));
    assertNull(cleared.json().getJsonObject("attributes").getString("notes"));

    Http.Response primary = node.http.post(one + "/primary", benKey, null);
    assertEquals(200, primary.status(), primary.toString());
    assertTrue(primary.json().getJsonObject("attributes").getBoolean("is_default"));
    assertEquals(free1, ((Number) Sql.value(node, "SELECT allocation_id FROM servers WHERE id = ?", server.id())).intValue());
    assertError(node.http.delete(one, benKey), 400, "DisplayException", "You cannot delete the primary allocation for this server.");

    Http.Response unassigned = node.http.delete(base + "/" + server.allocationId(), benKey);
    assertEquals(204, unassigned.status(), unassigned.toString());
    assertNull(Sql.value(node, "SELECT server_id FROM allocations WHERE id = ?", server.allocationId()), "given back to the node");
    Sql.execute(node, "UPDATE servers SET allocation_limit = NULL WHERE id = ?", server.id());
    assertError(node.http.delete(base + "/" + free2, benKey), 400, "DisplayException",
        "You cannot delete allocations for this server: no allocation limit is set.");
    assertError(node.http.post(base, benKey, null), 400, "DisplayException",
        "Cannot assign additional allocations to this server: limit has been reached.");
  }

  @Test
  void startupVariables() {
    ClientRows.Server server = rows.server(ben, "startup");
    String base = path(server, "/startup");
    Http.Response view = node.http.get(base, benKey);
    assertEquals(200, view.status(), view.toString());
    JsonArray data = view.json().getJsonArray("data");
    assertEquals(List.of("SERVER_JARFILE", "BUILD_NUMBER", "LOCKED_VERSION"), envNames(data));
    JsonObject meta = view.json().getJsonObject("meta");
    int port = ((Number) Sql.value(node, "SELECT port FROM allocations WHERE id = ?", server.allocationId())).intValue();
    assertEquals("java -Xmx1024M -jar server.jar --port " + port + " --build latest --token [hidden]",
        meta.getString("startup_command"));
    assertEquals(new JsonObject().put("Java 17", ClientRows.JAVA_17).put("Java 21", ClientRows.JAVA_21),
        meta.getJsonObject("docker_images"));
    assertEquals(ClientRows.STARTUP, meta.getString("raw_startup_command"));

    String variable = base + "/variable";
    Http.Response set = send("PUT", variable, benKey, new JsonObject().put("key", "BUILD_NUMBER").put("value", " 123 "));
    assertEquals(200, set.status(), set.toString());
    assertEquals("egg_variable", set.json().getString("object"));
    assertEquals("123", set.json().getJsonObject("attributes").getString("server_value"));
    assertTrue(set.json().getJsonObject("meta").getString("startup_command").contains("--build 123 "));
    assertEquals(ClientRows.STARTUP, set.json().getJsonObject("meta").getString("raw_startup_command"));
    assertEquals("123", Sql.value(node, "SELECT sv.variable_value FROM server_variables sv JOIN egg_variables v "
        + "ON v.id = sv.variable_id WHERE sv.server_id = ? AND v.env_variable = 'BUILD_NUMBER'", server.id()));

    String missing = "The environment variable you are trying to edit does not exist.";
    assertError(send("PUT", variable, benKey, new JsonObject().put("key", "SECRET_TOKEN").put("value", "x")), 400,
        "BadRequestHttpException", missing);
    assertError(send("PUT", variable, benKey, new JsonObject().put("key", "NOPE").put("value", "x")), 400,
        "BadRequestHttpException", missing);
    assertError(send("PUT", variable, benKey, new JsonObject().put("key", "LOCKED_VERSION").put("value", "x")), 400,
        "BadRequestHttpException", "The environment variable you are trying to edit is read-only.");
    JsonObject regex = validationEntry(assertValidation(send("PUT", variable, benKey,
        new JsonObject().put("key", "SERVER_JARFILE").put("value", "not a jar"))), "value");
    assertEquals("The value format is invalid.", regex.getString("detail"));
    assertEquals("regex", regex.getJsonObject("meta").getString("rule"));
    assertEquals("The value may not be greater than 20 characters.", validationEntry(assertValidation(send("PUT", variable,
        benKey, new JsonObject().put("key", "BUILD_NUMBER").put("value", "x".repeat(21)))), "value").getString("detail"));
    assertEquals("The value field is required.", validationEntry(assertValidation(send("PUT", variable, benKey,
        new JsonObject().put("key", "BUILD_NUMBER").put("value", ""))), "value").getString("detail"));
    JsonArray shape = assertValidation(send("PUT", variable, benKey, new JsonObject()));
    assertEquals("The key field is required.", validationEntry(shape, "key").getString("detail"));
    assertEquals("The value field must be present.", validationEntry(shape, "value").getString("detail"));
  }

  @Test
  void renameAndDockerImage() {
    ClientRows.Server server = rows.server(ben, "settings");
    String rename = path(server, "/settings/rename");
    assertEquals(204, node.http.post(rename, benKey, new JsonObject().put("name", " renamed ").put("description", "new"))
        .status());
    assertEquals("renamed|new", Sql.value(node, "SELECT name || '|' || description FROM servers WHERE id = ?", server.id()));
    assertEquals(204, node.http.post(rename, benKey, new JsonObject().put("name", "again")).status());
    assertEquals("again|new", Sql.value(node, "SELECT name || '|' || description FROM servers WHERE id = ?", server.id()),
        "a description left out stays");
    assertEquals(204, node.http.post(rename, benKey, new JsonObject().put("name", "again").putNull("description")).status());
    assertEquals("", Sql.value(node, "SELECT description FROM servers WHERE id = ?", server.id()));
    assertEquals("The name field is required.",
        validationEntry(assertValidation(node.http.post(rename, benKey, new JsonObject())), "name").getString("detail"));
    assertEquals("The name may not be greater than 191 characters.", validationEntry(assertValidation(
        node.http.post(rename, benKey, new JsonObject().put("name", "n".repeat(192)))), "name").getString("detail"));

    String image = path(server, "/settings/docker-image");
    assertEquals(204, send("PUT", image, benKey, new JsonObject().put("docker_image", ClientRows.JAVA_21)).status());
    assertEquals(ClientRows.JAVA_21, Sql.value(node, "SELECT image FROM servers WHERE id = ?", server.id()));
    JsonObject notTheEggs = validationEntry(assertValidation(send("PUT", image, benKey,
        new JsonObject().put("docker_image", "ghcr.io/else:1"))), "docker_image");
    assertEquals("The selected docker image is invalid.", notTheEggs.getString("detail"));
    assertEquals("The docker image field is required.", validationEntry(assertValidation(send("PUT", image, benKey,
        new JsonObject())), "docker_image").getString("detail"));
    Sql.execute(node, "UPDATE servers SET image = 'registry.example.com/custom:1' WHERE id = ?", server.id());
    assertError(send("PUT", image, benKey, new JsonObject().put("docker_image", ClientRows.JAVA_17)), 400,
        "BadRequestHttpException",
        "This server's Docker image has been manually set by an administrator and cannot be updated.");
  }

  @Test
  void backupRecords() {
    ClientRows.Server server = rows.server(ben, "backups");
    String done = rows.backup(server, "done", true, true, false);
    rows.backup(server, "failed", false, true, false);
    rows.backup(server, "running", false, false, false);
    String deleted = rows.backup(server, "deleted", true, true, true);
    String base = path(server, "/backups");

    Http.Response list = node.http.get(base, benKey);
    assertEquals(200, list.status(), list.toString());
    assertEquals(3, list.json().getJsonArray("data").size(), "soft-deleted backups are left out");
    JsonObject meta = list.json().getJsonObject("meta");
    assertEquals(2, meta.getInteger("backup_count"), "the failed one is not counted");
    assertEquals(20, meta.getJsonObject("pagination").getInteger("per_page"));
    assertEquals(50, node.http.get(base + "?per_page=80", benKey).json().getJsonObject("meta").getJsonObject("pagination")
        .getInteger("per_page"));
    JsonObject paged = node.http.get(base + "?per_page=2&page=2", benKey).json();
    assertEquals(1, paged.getJsonArray("data").size());
    assertEquals(2, paged.getJsonObject("meta").getJsonObject("pagination").getInteger("total_pages"));

    JsonObject backup = node.http.get(base + "/" + done, benKey).json();
    assertEquals("backup", backup.getString("object"));
    JsonObject a = backup.getJsonObject("attributes");
    assertEquals(List.of("uuid", "is_successful", "is_locked", "name", "ignored_files", "checksum", "bytes", "created_at",
        "completed_at"), List.copyOf(a.fieldNames()));
    assertEquals(new JsonArray().add("*.log"), a.getJsonArray("ignored_files"));
    assertEquals(2048, a.getInteger("bytes"));
    assertTrue(a.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), a.getString("created_at"));
    assertError(node.http.get(base + "/" + deleted, benKey), 404, "NotFoundHttpException", NOT_FOUND);

    assertTrue(node.http.post(base + "/" + done + "/lock", benKey, null).json().getJsonObject("attributes")
        .getBoolean("is_locked"));
    assertFalse(node.http.post(base + "/" + done + "/lock", benKey, null).json().getJsonObject("attributes")
        .getBoolean("is_locked"));
  }

  @Test
  void serverStatesRefuseEverythingButTheView() {
    ClientRows.Server server = rows.server(ana, "states");
    String view = path(server, "");
    String startup = path(server, "/startup");
    try {
      rows.status(server, "suspended");
      Http.Response suspended = node.http.get(view, anaKey);
      assertEquals(200, suspended.status(), suspended.toString());
      assertTrue(suspended.json().getJsonObject("attributes").getBoolean("is_suspended"));
      assertConflict(node.http.get(startup, anaKey),
          "This server is currently suspended and the functionality requested is unavailable.");
      assertConflict(node.http.post(path(server, "/power"), anaKey, new JsonObject().put("signal", "start")),
          "This server is currently suspended and the functionality requested is unavailable.");
      assertConflict(node.http.get(path(server, "/websocket"), adminKey),
          "This server is currently suspended and the functionality requested is unavailable.");

      rows.status(server, "installing");
      assertTrue(node.http.get(view, anaKey).json().getJsonObject("attributes").getBoolean("is_installing"));
      assertConflict(node.http.get(startup, anaKey),
          "This server has not yet completed its installation process, please try again later.");
      assertConflict(node.http.get(path(server, "/websocket"), anaKey),
          "This server has not yet completed its installation process, please try again later.");
      assertEquals(502, node.http.get(path(server, "/websocket"), adminKey).status(), "a root admin may watch an install");
      rows.status(server, "install_failed");
      assertConflict(node.http.get(startup, anaKey),
          "This server has not yet completed its installation process, please try again later.");
      rows.status(server, "restoring_backup");
      assertConflict(node.http.get(startup, anaKey), "This server is currently restoring from a backup, please try again later.");
      rows.status(server, null);
      rows.maintenance(true);
      assertConflict(node.http.get(startup, anaKey),
          "The node of this server is currently under maintenance and the functionality requested is unavailable.");
      assertTrue(node.http.get(view, anaKey).json().getJsonObject("attributes").getBoolean("is_node_under_maintenance"));
    } finally {
      rows.maintenance(false);
      rows.status(server, null);
    }
    assertEquals(200, node.http.get(startup, anaKey).status());
  }

  private static void assertConflict(Http.Response r, String detail) {
    assertError(r, 409, "ServerStateConflictException", detail);
  }

  @Test
  void daemonRoutesWithoutAConnector() {
    for (Http.Response r : List.of(
        node.http.post(path(own, "/power"), anaKey, new JsonObject().put("signal", "start")),
        node.http.post(path(own, "/command"), anaKey, new JsonObject().put("command", "list")),
        node.http.get(path(own, "/websocket"), anaKey),
        node.http.get(path(own, "/resources"), anaKey),
        node.http.get(path(own, "/files/list?directory=/plugins"), anaKey),
        node.http.get(path(own, "/files/contents?file=eula.txt"), anaKey))) {
      assertError(r, 502, "DaemonConnectionException", NO_CONNECTOR);
    }
    assertEquals("The selected signal is invalid.", validationEntry(assertValidation(
        node.http.post(path(own, "/power"), anaKey, new JsonObject().put("signal", "explode"))), "signal").getString("detail"));
    assertEquals("The command field is required.", validationEntry(assertValidation(
        node.http.post(path(own, "/command"), anaKey, new JsonObject())), "command").getString("detail"));
    assertEquals("The file field is required.", validationEntry(assertValidation(
        node.http.get(path(own, "/files/contents"), anaKey)), "file").getString("detail"));
  }

  @Test
  void daemonRoutesReachARegisteredConnector() {
    int dee = node.makeUser("dee", false);
    String deeKey = node.makeKey(dee, "client", null);
    ClientRows.Server server = rows.server(ben, "daemon");
    rows.subuser(server, dee, "websocket.connect", "control.start", "file.read-content");
    BlockingQueue<JsonObject> delivered = new LinkedBlockingQueue<>();
    List<MessageConsumer<JsonObject>> connector = List.of(
        node.vertx.eventBus().<JsonObject>consumer(Addresses.DAEMON_POWER, msg -> {
          delivered.add(msg.body().copy().put("address", msg.address()));
          msg.reply(new JsonObject());
        }),
        node.vertx.eventBus().<JsonObject>consumer(Addresses.DAEMON_WEBSOCKET, msg -> {
          delivered.add(msg.body().copy().put("address", msg.address()));
          msg.reply(new JsonObject().put("data", new JsonObject().put("token", "jwt").put("socket", "wss://node1/ws")));
        }),
        node.vertx.eventBus().<JsonObject>consumer(Addresses.DAEMON_FILES_CONTENTS, msg -> {
          delivered.add(msg.body().copy().put("address", msg.address()));
          msg.reply(new JsonObject().put("content", "eula=true\n"));
        }),
        node.vertx.eventBus().<JsonObject>consumer(Addresses.DAEMON_COMMAND, msg -> msg.fail(409, "Server must be online.")));
    connector.forEach(c -> c.completion().await());
    try {
      Http.Response started = node.http.post(path(server, "/power"), deeKey, new JsonObject().put("signal", "start"));
      assertEquals(204, started.status(), started.toString());
      assertEquals("", started.body());
      JsonObject power = delivered.poll(5, TimeUnit.SECONDS);
      assertEquals(new JsonObject().put("server_uuid", server.uuid()).put("server_id", server.id()).put("node_id", rows.nodeId)
          .put("user_id", dee).put("user_uuid", Sql.value(node, "SELECT uuid::text FROM users WHERE id = ?", dee))
          .put("signal", "start").put("address", Addresses.DAEMON_POWER), power);

      for (String signal : List.of("stop", "kill", "restart", "explode")) {
        assertForbidden(node.http.post(path(server, "/power"), deeKey, new JsonObject().put("signal", signal)), UNAUTHORIZED);
      }
      assertForbidden(node.http.post(path(server, "/command"), deeKey, new JsonObject().put("command", "op dee")),
          UNAUTHORIZED);
      assertEquals(204, node.http.post(path(server, "/power"), benKey, new JsonObject().put("signal", "kill")).status());
      assertEquals("kill", delivered.poll(5, TimeUnit.SECONDS).getString("signal"));

      Http.Response socket = node.http.get(path(server, "/websocket"), deeKey);
      assertEquals(200, socket.status(), socket.toString());
      assertEquals("jwt", socket.json().getJsonObject("data").getString("token"));
      assertEquals(new JsonArray().add("websocket.connect").add("control.start").add("file.read-content"),
          delivered.poll(5, TimeUnit.SECONDS).getJsonArray("permissions"));

      Http.Response file = node.http.get(path(server, "/files/contents?file=%2Feula.txt"), deeKey);
      assertEquals(200, file.status(), file.toString());
      assertEquals("eula=true\n", file.body());
      assertTrue(file.header("content-type").startsWith("text/plain"));
      assertEquals("/eula.txt", delivered.poll(5, TimeUnit.SECONDS).getString("file"));

      assertError(node.http.post(path(server, "/command"), benKey, new JsonObject().put("command", "list")), 409,
          "DaemonConnectionException", "Server must be online.");
      assertForbidden(node.http.get(path(server, "/files/list"), deeKey), UNAUTHORIZED);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      connector.forEach(c -> c.unregister().await());
    }
  }

  private static List<String> envNames(JsonArray data) {
    List<String> names = new ArrayList<>();
    data.forEach(v -> names.add(((JsonObject) v).getJsonObject("attributes").getString("env_variable")));
    return names;
  }
}
