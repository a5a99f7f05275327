package dev.talon.support;

/**
 * Rows the API cannot make yet (servers and what they need), written straight into a node's database
 * with the columns V5 requires.
 */
public final class PanelRows {

  private PanelRows() {
  }

  /**
   * A server on {@code nodeId} owned by {@code ownerId}, holding {@code allocationId} (its {@code server_id}
   * set too), with its own nest and egg; answers the server's id.
   */
  public static int server(TestNode node, int nodeId, int allocationId, int ownerId, int memory, int disk) {
    int nest = ((Number) Sql.value(node, "INSERT INTO nests (uuid, author, name) "
        + "VALUES (gen_random_uuid(), 'tests@example.com', 'Test nest') RETURNING id")).intValue();
    int egg = ((Number) Sql.value(node, "INSERT INTO eggs (uuid, nest_id, author, name) "
        + "VALUES (gen_random_uuid(), ?, 'tests@example.com', 'Test egg') RETURNING id", nest)).intValue();
    int server = ((Number) Sql.value(node, "INSERT INTO servers (uuid, uuid_short, node_id, name, owner_id, memory, "
        + "swap, disk, io, cpu, allocation_id, nest_id, egg_id, startup, image) VALUES (gen_random_uuid(), "
        + "substr(md5(random()::text), 1, 8), ?, 'Test server', ?, ?, 0, ?, 500, 0, ?, ?, ?, 'start', 'image') "
        + "RETURNING id", nodeId, ownerId, memory, disk, allocationId, nest, egg)).intValue();
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", server, allocationId);
    return server;
  }
}
