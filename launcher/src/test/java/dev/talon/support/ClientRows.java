package dev.talon.support;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.UUID;

/**
 * Panel rows written straight in SQL for the Client API tests (the Application API that makes them
 * is another module's): one location, node, nest and egg with four variables, and servers on them.
 */
public final class ClientRows {

  public static final String JAVA_17 = "ghcr.io/pterodactyl/yolks:java_17";
  public static final String JAVA_21 = "ghcr.io/pterodactyl/yolks:java_21";
  public static final String STARTUP = "java -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}} --port {{SERVER_PORT}} "
      + "--build {{BUILD_NUMBER}} --token {{SECRET_TOKEN}}";

  /** A server as the tests address it. */
  public record Server(int id, String uuid, String identifier, int allocationId) {
  }

  private final TestNode node;
  public final int nodeId;
  public final int eggId;
  private final int nestId;
  private int nextPort = 25565;

  private ClientRows(TestNode node, int nodeId, int nestId, int eggId) {
    this.node = node;
    this.nodeId = nodeId;
    this.nestId = nestId;
    this.eggId = eggId;
  }

  /**
   * The location, node, nest and egg. The egg's variables: SERVER_JARFILE (viewable, editable, a
   * regex rule), BUILD_NUMBER (viewable, editable, {@code required|string|max:20}), SECRET_TOKEN
   * (hidden), LOCKED_VERSION (viewable, read-only).
   */
  public static ClientRows create(TestNode node) {
    int location = id(node, "INSERT INTO locations (short, long) VALUES ('fixture', 'Fixture') RETURNING id");
    int nodeId = id(node, "INSERT INTO nodes (uuid, name, location_id, fqdn, memory, disk, daemon_token_id, "
        + "daemon_token, maintenance_mode) VALUES (?, 'node-one', ?, 'node1.example.com', 8192, 100000, ?, 'sealed', false) "
        + "RETURNING id", UUID.randomUUID(), location, "tokenid" + UUID.randomUUID().toString().substring(0, 9));
    int nest = id(node, "INSERT INTO nests (uuid, author, name) VALUES (?, 'tests@example.com', 'Minecraft') RETURNING id",
        UUID.randomUUID());
    int egg = id(node, "INSERT INTO eggs (uuid, nest_id, author, name, features, docker_images, startup) "
        + "VALUES (?, ?, 'tests@example.com', 'Paper', '[\"eula\", \"java_version\"]'::jsonb, ?::jsonb, ?) RETURNING id",
        UUID.randomUUID(), nest, "{\"Java 17\": \"" + JAVA_17 + "\", \"Java 21\": \"" + JAVA_21 + "\"}", STARTUP);
    PanelRows.variable(node, egg, "Server Jar File", "SERVER_JARFILE", "server.jar", true, true,
        "required|regex:/^([\\w\\d._-]+)(\\.jar)$/");
    PanelRows.variable(node, egg, "Build Number", "BUILD_NUMBER", "latest", true, true, "required|string|max:20");
    PanelRows.variable(node, egg, "Secret Token", "SECRET_TOKEN", "s3cr3t", false, false, "required|string");
    PanelRows.variable(node, egg, "Locked Version", "LOCKED_VERSION", "1.20", true, false, "required|string");
    return new ClientRows(node, nodeId, nest, egg);
  }

  /** A free allocation on the node. */
  public int allocation(String ip, int port) {
    return id(node, "INSERT INTO allocations (node_id, ip, port) VALUES (?, ?, ?) RETURNING id", nodeId, ip, port);
  }

  /** A server of {@code ownerId} on a new primary allocation on 10.0.0.1, allocation limit 3. */
  public Server server(int ownerId, String name) {
    return server(ownerId, name, "10.0.0.1");
  }

  /** A server whose primary allocation is on {@code ip}. */
  public Server server(int ownerId, String name, String ip) {
    int allocation = allocation(ip, nextPort++);
    UUID uuid = UUID.randomUUID();
    String identifier = uuid.toString().substring(0, 8);
    int id = id(node, "INSERT INTO servers (uuid, uuid_short, node_id, name, description, owner_id, memory, swap, disk, "
        + "io, cpu, allocation_id, nest_id, egg_id, startup, image, allocation_limit, database_limit, backup_limit, "
        + "external_id) VALUES (?, ?, ?, ?, ?, ?, 1024, 0, 5000, 500, 100, ?, ?, ?, ?, ?, 3, 2, 4, ?) RETURNING id",
        uuid, identifier, nodeId, name, "The " + name + " server", ownerId, allocation, nestId, eggId, STARTUP, JAVA_17,
        "ext-" + name);
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", id, allocation);
    return new Server(id, uuid.toString(), identifier, allocation);
  }

  /** A subuser seat with exactly these permission strings (no normalisation). */
  public void subuser(Server server, int userId, String... permissions) {
    Sql.execute(node, "INSERT INTO subusers (server_id, user_id, permissions) VALUES (?, ?, ?::jsonb)", server.id(),
        userId, new JsonArray(List.of((Object[]) permissions)).encode());
  }

  public void status(Server server, String status) {
    Sql.execute(node, "UPDATE servers SET status = ? WHERE id = ?", status, server.id());
  }

  public void maintenance(boolean on) {
    Sql.execute(node, "UPDATE nodes SET maintenance_mode = ? WHERE id = ?", on, nodeId);
  }

  /** A backup record; answers its uuid. */
  public String backup(Server server, String name, boolean successful, boolean completed, boolean deleted) {
    UUID uuid = UUID.randomUUID();
    Sql.execute(node, "INSERT INTO backups (server_id, uuid, name, is_successful, completed_at, deleted_at, bytes, "
        + "checksum, ignored_files) VALUES (?, ?, ?, ?, CASE WHEN ? THEN now() END, CASE WHEN ? THEN now() END, 2048, "
        + "'sha1:abc', '[\"*.log\"]'::jsonb)", server.id(), uuid, name, successful, completed, deleted);
    return uuid.toString();
  }

  private static int id(TestNode node, String sql, Object... params) {
    return ((Number) Sql.value(node, sql, params)).intValue();
  }
}
