package dev.talon.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows of panel resources written straight into a node's database, for tests of resources that
 * hang off them (server databases need a server, which needs a node, an allocation, a nest and an
 * egg). Server ids start at a random base, so that what a test makes elsewhere under a server's id
 * (a MySQL database {@code s<id>_...}) is unique to its run.
 */
public final class PanelRows {

  private final TestNode node;
  private final int ownerId;
  private final int nodeId;
  private final int nestId;
  private final int eggId;
  private final AtomicInteger nextServer;
  private final AtomicInteger nextPort = new AtomicInteger(25565);

  /** A node in {@code locationId}, a nest and an egg, for servers owned by {@code ownerId}. */
  public PanelRows(TestNode node, int ownerId, int locationId) {
    this.node = node;
    this.ownerId = ownerId;
    this.nextServer = new AtomicInteger(10_000_000 + new SecureRandom().nextInt(80_000_000));
    this.nodeId = node(node, locationId, "test-node", 4096, 10240, true);
    this.nestId = nest(node, "Test nest");
    this.eggId = egg(node, nestId, "Test egg");
  }

  public int nodeId() {
    return nodeId;
  }

  /** A server with its own allocation and {@code databaseLimit} (null: unlimited); answers its id. */
  public int server(Integer databaseLimit) {
    int allocation = id("INSERT INTO allocations (node_id, ip, port) VALUES (?, '127.0.0.1', ?) RETURNING id",
        nodeId, nextPort.getAndIncrement());
    int id = nextServer.getAndIncrement();
    UUID uuid = UUID.randomUUID();
    Sql.execute(node, "INSERT INTO servers (id, uuid, uuid_short, node_id, name, owner_id, memory, swap, disk, io, cpu,"
        + " allocation_id, nest_id, egg_id, startup, image, database_limit)"
        + " VALUES (?, ?, ?, ?, ?, ?, 512, 0, 1024, 500, 100, ?, ?, ?, './run', 'image:latest', ?)",
        id, uuid, uuid.toString().substring(0, 8), nodeId, "server " + id, ownerId, allocation, nestId, eggId, databaseLimit);
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", id, allocation);
    return id;
  }

  private int id(String sql, Object... params) {
    return ((Number) Sql.value(node, sql, params)).intValue();
  }

  /**
   * A server on {@code nodeId} owned by {@code ownerId}, holding {@code allocationId} (its {@code server_id}
   * set too), with its own nest and egg; answers the server's id.
   */
  public static int server(TestNode node, int nodeId, int allocationId, int ownerId, int memory, int disk) {
    int egg = egg(node, nest(node, "Test nest"), "Test egg");
    int nest = ((Number) Sql.value(node, "SELECT nest_id FROM eggs WHERE id = ?", egg)).intValue();
    int server = ((Number) Sql.value(node, "INSERT INTO servers (uuid, uuid_short, node_id, name, owner_id, memory, "
        + "swap, disk, io, cpu, allocation_id, nest_id, egg_id, startup, image) VALUES (gen_random_uuid(), "
        + "substr(md5(random()::text), 1, 8), ?, 'Test server', ?, ?, 0, ?, 500, 0, ?, ?, ?, 'start', 'image') "
        + "RETURNING id", nodeId, ownerId, memory, disk, allocationId, nest, egg)).intValue();
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", server, allocationId);
    return server;
  }

  /** A node in {@code locationId} with this much memory and disk (MiB), no over-allocation; its id. */
  public static int node(TestNode node, int locationId, String name, int memory, int disk, boolean isPublic) {
    return ((Number) Sql.value(node, "INSERT INTO nodes (uuid, public, name, location_id, fqdn, memory, disk, "
        + "daemon_token_id, daemon_token) VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, ?, substr(md5(random()::text), 1, 16), "
        + "'not-a-real-token') RETURNING id", isPublic, name, locationId, name + ".example.com", memory, disk)).intValue();
  }

  /** Allocations {@code ip:firstPort} to {@code ip:lastPort} on a node; their ids, in port order. */
  public static List<Integer> allocations(TestNode node, int nodeId, String ip, int firstPort, int lastPort) {
    String sql = "INSERT INTO allocations (node_id, ip, port) SELECT ?, ?, p FROM generate_series(?, ?) p "
        + "ORDER BY p RETURNING id";
    try (Connection c = TestPostgres.connect(node.databaseName()); PreparedStatement st = c.prepareStatement(sql)) {
      st.setInt(1, nodeId);
      st.setString(2, ip);
      st.setInt(3, firstPort);
      st.setInt(4, lastPort);
      List<Integer> ids = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
      ids.sort(Integer::compare);
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static int nest(TestNode node, String name) {
    return ((Number) Sql.value(node, "INSERT INTO nests (uuid, author, name) VALUES (gen_random_uuid(), "
        + "'support@pterodactyl.io', ?) RETURNING id", name)).intValue();
  }

  public static int egg(TestNode node, int nestId, String name) {
    return ((Number) Sql.value(node, "INSERT INTO eggs (uuid, nest_id, author, name, docker_images, startup) "
        + "VALUES (gen_random_uuid(), ?, 'support@pterodactyl.io', ?, "
        + "'{\"Java 17\": \"ghcr.io/pterodactyl/yolks:java_17\"}'::jsonb, 'java -jar {{SERVER_JARFILE}}') RETURNING id",
        nestId, name)).intValue();
  }

  /** A variable of an egg with Laravel {@code rules}, viewable and editable; its id. */
  public static int variable(TestNode node, int eggId, String name, String env, String defaultValue, String rules) {
    return variable(node, eggId, name, env, defaultValue, true, true, rules);
  }

  public static int variable(TestNode node, int eggId, String name, String env, String defaultValue, boolean viewable,
      boolean editable, String rules) {
    return ((Number) Sql.value(node, "INSERT INTO egg_variables (egg_id, name, description, env_variable, "
        + "default_value, user_viewable, user_editable, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        eggId, name, "The " + name + ".", env, defaultValue, viewable, editable, rules)).intValue();
  }
}
