package dev.talon.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes, allocations, nests, eggs and egg variables written straight into a node's database, for
 * tests of resources that need them to exist (the server tests), whatever serves them over the API.
 */
public final class PanelRows {

  private PanelRows() {
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

  /** A variable of an egg with Laravel {@code rules}; its id. */
  public static int variable(TestNode node, int eggId, String name, String env, String defaultValue, String rules) {
    return ((Number) Sql.value(node, "INSERT INTO egg_variables (egg_id, name, description, env_variable, "
        + "default_value, user_viewable, user_editable, rules) VALUES (?, ?, ?, ?, ?, true, true, ?) RETURNING id",
        eggId, name, "The " + name + ".", env, defaultValue, rules)).intValue();
  }
}
