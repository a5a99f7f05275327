package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.talon.support.Http;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Pterodactyl client library, unchanged, against a fresh node: nodeactyl (npm). It is installed
 * once under {@code target/client-libraries}; a script of ours in
 * {@code src/test/resources/client-libraries} drives it and prints, per library call, whether it
 * succeeded and the values it read, which are compared here with what Talon holds.
 */
class ClientLibrariesTest {

  private static final Path RESOURCES = Path.of("src", "test", "resources", "client-libraries").toAbsolutePath();
  private static final Path INSTALLS = Path.of("target", "client-libraries").toAbsolutePath();
  private static final JsonObject ALL_LEVELS = new JsonObject().put("permissions", new JsonObject()
      .put("users", 3).put("nodes", 3).put("allocations", 3).put("servers", 3).put("locations", 3)
      .put("nests", 3).put("eggs", 3).put("database_hosts", 3).put("server_databases", 3));

  /** A fresh install as the seed describes it: admin 1, one location, one node, allocations from id 1. */
  private record Panel(TestNode node, String appKey, String clientKey, int locationId, int nodeId) {
    Map<String, String> environment() {
      return Map.of("TALON_URL", node.baseUrl, "TALON_APP_KEY", appKey, "TALON_CLIENT_KEY", clientKey,
          "TALON_NODE_ID", String.valueOf(nodeId), "TALON_LOCATION_ID", String.valueOf(locationId));
    }
  }

  private static Panel panel(TestNode node) {
    int admin = node.makeUser("admin", true);
    assertEquals(1, admin, "the seed's server body names user 1");
    String appKey = node.makeKey(admin, "application", ALL_LEVELS);
    String clientKey = node.makeKey(admin, "client", null);
    Http.Response location = node.http.post("/api/application/locations", appKey,
        new JsonObject().put("short", "eu-west").put("long", "Western Europe"));
    assertEquals(201, location.status(), location.toString());
    int locationId = location.json().getJsonObject("attributes").getInteger("id");
    Http.Response created = node.http.post("/api/application/nodes", appKey, new JsonObject()
        .put("name", "node-1").put("location_id", locationId).put("fqdn", "node1.example.com")
        .put("scheme", "https").put("memory", 16384).put("memory_overallocate", 0).put("disk", 102400)
        .put("disk_overallocate", 0).put("upload_size", 100).put("daemon_listen", 8080).put("daemon_sftp", 2022));
    assertEquals(201, created.status(), created.toString());
    int nodeId = created.json().getJsonObject("attributes").getInteger("id");
    Http.Response allocations = node.http.post("/api/application/nodes/" + nodeId + "/allocations", appKey,
        new JsonObject().put("ip", "127.0.0.1").put("ports", new JsonArray().add("25565").add("25566-25570")));
    assertEquals(204, allocations.status(), allocations.toString());
    return new Panel(node, appKey, clientKey, locationId, nodeId);
  }

  @Test
  void nodeactylWorksUnchanged() throws IOException, InterruptedException {
    Path prefix = INSTALLS.resolve("nodeactyl");
    install(prefix, List.of("npm", "install", "--no-save", "--prefix", prefix.toString(), "nodeactyl@3.3.0"),
        "nodeactyl 3.3.0 (npm)");
    try (TestNode node = TestNode.start(Map.of())) {
      Panel panel = panel(node);
      Map<String, String> environment = new java.util.HashMap<>(panel.environment());
      environment.put("NODE_PATH", prefix.resolve("node_modules").toString());
      JsonObject calls = run(List.of("node", RESOURCES.resolve("nodeactyl.js").toString()), environment);
      assertAllSucceeded(calls);

      JsonObject server = value(calls, "app.createRawServer");
      assertEquals("nodeactyl server", server.getString("name"));
      JsonObject held = node.http.get("/api/application/servers/" + server.getInteger("id"), panel.appKey())
          .json().getJsonObject("attributes");
      assertEquals(server.getString("identifier"), held.getString("identifier"));
      assertEquals(false, held.getBoolean("suspended"), "suspend then unsuspend leaves it running");
      assertEquals("nodeactyl server", calls.getJsonObject("app.getServerDetails").getString("value"));
      assertEquals("nodeactyl server", calls.getJsonObject("client.getServerDetails").getString("value"));
      assertTrue(values(calls, "client.getAllServers").contains(server.getString("identifier")), calls.encode());

      JsonObject user = value(calls, "app.createUser");
      assertEquals("nodeactyl", node.http.get("/api/application/users/" + user.getInteger("id"), panel.appKey())
          .json().getJsonObject("attributes").getString("username"));
      assertEquals("admin", calls.getJsonObject("app.getUserDetails").getString("value"));
      assertEquals("admin", calls.getJsonObject("client.getAccountDetails").getString("value"));
      assertEquals(List.of(1), values(calls, "app.getAllUsers"), "listed before the user was created");
      assertEquals(List.of(), values(calls, "app.getAllServers"), "listed before the server was created");
      assertEquals(List.of(panel.nodeId()), values(calls, "app.getAllNodes"));
      assertEquals("node-1", calls.getJsonObject("app.getNodeDetails").getString("value"));
      assertEquals(List.of(25565, 25566, 25567, 25568, 25569, 25570, 25600), values(calls, "app.getNodeAllocations"));
      assertEquals("eu-west", calls.getJsonObject("app.getLocationDetails").getString("value"));
      assertEquals("nodeactyl", calls.getJsonObject("app.createLocation").getString("value"));
      assertEquals(node.http.get("/api/application/nests/1/eggs/1", panel.appKey()).json()
          .getJsonObject("attributes").getString("name"), calls.getJsonObject("app.getNestDetails").getString("value"));
      assertTrue(values(calls, "client.getAccountPermissions").contains("control"), calls.encode());

      JsonObject key = value(calls, "client.createApiKey");
      assertEquals("string", key.getString("secret"), "a created key carries meta.secret_token");
      assertTrue(values(calls, "client.getApiKeys").contains(key.getString("identifier")), calls.encode());
      assertKeyGone(node, panel, key.getString("identifier"));
    }
  }

  private static void assertKeyGone(TestNode node, Panel panel, String identifier) {
    JsonArray keys = node.http.get("/api/client/account/api-keys", panel.clientKey()).json().getJsonArray("data");
    assertTrue(keys.stream().map(k -> ((JsonObject) k).getJsonObject("attributes").getString("identifier"))
        .noneMatch(identifier::equals), "the deleted key " + identifier + " is gone");
  }

  private static JsonObject value(JsonObject calls, String name) {
    return calls.getJsonObject(name).getJsonObject("value");
  }

  private static List<Object> values(JsonObject calls, String name) {
    return calls.getJsonObject(name).getJsonArray("value").getList();
  }

  private static void assertAllSucceeded(JsonObject calls) {
    List<String> failed = new ArrayList<>();
    calls.forEach(entry -> {
      JsonObject result = (JsonObject) entry.getValue();
      if (!result.getBoolean("ok")) {
        failed.add(entry.getKey() + ": " + result.getString("error"));
      }
    });
    assertTrue(failed.isEmpty(), "library calls failed against Talon: " + failed + "\n" + calls.encodePrettily());
  }

  /** Installs into {@code target} once per build; a missing tool or registry fails the test with the reason. */
  private static void install(Path target, List<String> command, String what) throws IOException, InterruptedException {
    Path done = target.resolve(".installed");
    if (Files.exists(done)) {
      return;
    }
    Files.createDirectories(target);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      fail("cannot install " + what + ": " + command.get(0) + " is missing (.ci/run installs it): " + e.getMessage());
      return;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      fail("cannot install " + what + " with " + String.join(" ", command) + ":\n" + output);
    }
    Files.writeString(done, String.join(" ", command));
  }

  private static JsonObject run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Path errors = Files.createTempFile("client-library", ".err");
    builder.redirectError(errors.toFile());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the script did not finish");
    String stderr = Files.readString(errors);
    Files.delete(errors);
    assertEquals(0, process.exitValue(), "the script failed:\n" + output + stderr);
    return new JsonObject(output.strip());
  }
}
