package dev.talon.support;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.launcher.Cluster;
import dev.talon.launcher.TalonConfig;
import dev.talon.launcher.TalonNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A whole Talon node (persistence, auth and API verticles) on its own Vert.x instance (nodes must
 * not share an event bus: each would answer the other's requests), on a free port, against its own
 * fresh database; {@link #close()} stops it, closes its Vert.x and drops the database.
 */
public final class TestNode implements AutoCloseable {

  public final Vertx vertx;
  public final JsonObject config;
  public final String baseUrl;
  public final String dbUri;
  public final Http http;
  private final TalonNode node;

  private TestNode(Vertx vertx, JsonObject config, TalonNode node) {
    this.vertx = vertx;
    this.config = config;
    this.node = node;
    this.dbUri = config.getJsonObject("db").getString("uri");
    this.baseUrl = "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port");
    this.http = new Http(baseUrl);
  }

  /** Starts a node; {@code overrides} are dotted settings, as {@code --set} takes them. */
  public static TestNode start(Map<String, String> overrides) {
    return start(TestPostgres.newDatabaseUri(), overrides);
  }

  public static TestNode start(String dbUri, Map<String, String> overrides) {
    JsonObject settings = new JsonObject()
        .put("http.port", String.valueOf(freePort()))
        .put("http.host", "127.0.0.1")
        .put("http.instances", "2")
        .put("db.uri", dbUri)
        .put("db.pool-size", "4")
        .put("secret", randomSecret())
        .put("bus-timeout-ms", "3000")
        .put("usage.flush-interval-ms", "200");
    overrides.forEach(settings::put);
    Vertx reader = Vertx.vertx();
    JsonObject config;
    try {
      config = TalonConfig.load(reader, null, Map.of(), settings).await();
    } finally {
      reader.close().await();
    }
    LogCapture.rememberServerSecret(config.getString("secret"));
    Vertx vertx = Cluster.vertx(config).await();
    try {
      TalonNode node = TalonNode.start(vertx, config,
          config.getString("secret").getBytes(StandardCharsets.UTF_8)).await();
      return new TestNode(vertx, config, node);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  public static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a request to a Talon address over this node's event bus and waits for the reply. */
  public JsonObject request(String address, JsonObject body) {
    return Bus.request(vertx.eventBus(), address, body, 30_000).await();
  }

  /** Creates a user through the auth verticle (bcrypt on a worker, as user:make does). */
  public int makeUser(String username, boolean admin) {
    JsonObject user = request(Addresses.AUTH_USER_CREATE, new JsonObject()
        .put("username", username).put("email", username + "@example.com").put("password", "password-" + username)
        .put("first_name", "First").put("last_name", "Last").put("root_admin", admin));
    return user.getInteger("id");
  }

  /** Mints a key as key:make does and returns the full 53-character key. */
  public String makeKey(int userId, String type, JsonObject extra) {
    JsonObject request = (extra == null ? new JsonObject() : extra.copy())
        .put("user_id", userId).put("type", type);
    if (!request.containsKey("description")) {
      request.put("description", "test key");
    }
    JsonObject created = request(Addresses.AUTH_KEY_CREATE, request);
    String key = created.getJsonObject("key").getString("identifier") + created.getString("secret_token");
    LogCapture.rememberSecret(key);
    LogCapture.rememberSecret(created.getString("secret_token"));
    return key;
  }

  /** The persistence verticle's deployment id (deployed first). */
  public String persistenceDeployment() {
    return node.deploymentIds().get(0);
  }

  public String databaseName() {
    return TestPostgres.databaseOf(dbUri);
  }

  /** Stops the node (HTTP first, last usage batch written) without dropping the database. */
  public void stop() {
    node.stop().await();
  }

  /** Stops the node and closes its Vert.x, leaving the database to the node that owns it. */
  public void closeKeepingDatabase() {
    try {
      node.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  @Override
  public void close() {
    try {
      node.stop().await();
      vertx.close().await();
    } finally {
      TestPostgres.drop(dbUri);
    }
  }
}
