package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/** Every statement about allocations (a node's IP and port pairs). */
final class AllocationStore {

  private static final String COLUMNS = "a.id, a.ip, a.ip_alias, a.port, a.notes, a.server_id";
  private static final String NODE_EXISTS = "SELECT 1 FROM nodes WHERE id = $1";
  /** Address and port pairs (two arrays side by side); those the node has are skipped, as Pterodactyl's INSERT IGNORE. */
  private static final String INSERT = "INSERT INTO allocations (node_id, ip, port, ip_alias) "
      + "SELECT $1, ip, port, $4 FROM unnest($2::varchar[], $3::int[]) AS pair (ip, port) "
      + "ON CONFLICT (node_id, ip, port) DO NOTHING";
  /** A /25 with every port is 8 million pairs: they go in statements of at most this many rows. */
  private static final int ROWS_PER_INSERT = 10_000;
  /** Deletes the allocation unless a server holds it, and says which happened (no row: not on that node). */
  private static final String DELETE = "WITH target AS (SELECT id, server_id FROM allocations "
      + "WHERE id = $1 AND node_id = $2 FOR UPDATE), "
      + "gone AS (DELETE FROM allocations a USING target t WHERE a.id = t.id AND t.server_id IS NULL RETURNING a.id) "
      + "SELECT EXISTS (SELECT 1 FROM gone) AS deleted FROM target";
  private static final ListQuery LIST = new ListQuery("SELECT " + COLUMNS, "FROM allocations a",
      Map.of("ip", ListQuery.exact("a.ip"), "port", ListQuery.exact("a.port"),
          "ip_alias", ListQuery.partial("a.ip_alias"), "server_id", AllocationStore::assignedTo),
      Map.of(), "a.id");
  private static final Map<String, String> RELATED = Map.of(
      "node_id", "SELECT a.node_id AS by_key, " + COLUMNS + " FROM allocations a WHERE a.node_id = ANY($1) ORDER BY a.id",
      "server_id", "SELECT a.server_id AS by_key, " + COLUMNS + " FROM allocations a WHERE a.server_id = ANY($1) "
          + "ORDER BY a.id");

  private final Db db;

  AllocationStore(Db db) {
    this.db = db;
  }

  /** Pterodactyl's application {@code allocation} object. */
  static JsonObject allocation(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("ip", r.getString("ip"))
        .put("alias", r.getString("ip_alias"))
        .put("port", r.getInteger("port"))
        .put("notes", r.getString("notes"))
        .put("assigned", r.getInteger("server_id") != null);
  }

  /**
   * Pterodactyl's {@code server_id} filter: a server id (digits) is that server's allocations; anything
   * else (false, true, a word, PHP's empty "0") is the unassigned ones.
   */
  private static String assignedTo(String value, List<Object> params) {
    String id = value.strip();
    if (!id.matches("\\d+") || id.equals("0")) {
      return "a.server_id IS NULL";
    }
    params.add(id);
    return "a.server_id = ($" + params.size() + "::text)::numeric";
  }

  /** {@code {node_id, limit, offset, filters?}}: the node's allocations (ListQuery), NOT_FOUND without the node. */
  Future<JsonObject> list(JsonObject query) {
    int nodeId = query.getInteger("node_id");
    return db.query(NODE_EXISTS, Tuple.of(nodeId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
        : LIST.run(db, query, "a.node_id = $1", List.of(nodeId), AllocationStore::allocation));
  }

  /** For {@code ?include=}: a node's ({@code node_id}) or a server's ({@code server_id}) allocations. */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, AllocationStore::allocation);
  }

  /**
   * {@code {node_id, ips: [text...], ports: [int...], alias?}}: one row per address and port, address by
   * address, in one transaction of bounded statements; answers {@code {created}}, the rows that were new.
   * NOT_FOUND when the node is gone.
   */
  Future<JsonObject> insert(JsonObject request) {
    JsonArray ips = request.getJsonArray("ips");
    JsonArray ports = request.getJsonArray("ports");
    long pairs = (long) ips.size() * ports.size();
    return db.inTransaction(conn -> {
          Future<Integer> created = Future.succeededFuture(0);
          for (long first = 0; first < pairs; first += ROWS_PER_INSERT) {
            long from = first;
            created = created.compose(sum -> insertPairs(conn, request, from, Math.min(pairs, from + ROWS_PER_INSERT))
                .map(rows -> sum + rows));
          }
          return created;
        })
        .recover(t -> Future.failedFuture(DbFailures.isForeignKeyViolation(t) ? new TalonException(Failure.NOT_FOUND) : t))
        .map(created -> new JsonObject().put("created", created));
  }

  /** Pairs {@code from} (inclusive) to {@code to} of the address-major sequence; answers the rows that were new. */
  private Future<Integer> insertPairs(SqlConnection conn, JsonObject request, long from, long to) {
    JsonArray ips = request.getJsonArray("ips");
    JsonArray ports = request.getJsonArray("ports");
    int count = (int) (to - from);
    String[] addresses = new String[count];
    Integer[] numbers = new Integer[count];
    for (int i = 0; i < count; i++) {
      long pair = from + i;
      addresses[i] = ips.getString((int) (pair / ports.size()));
      numbers[i] = ports.getInteger((int) (pair % ports.size()));
    }
    Tuple params = Tuple.of(request.getInteger("node_id"), addresses, numbers, request.getString("alias"));
    return db.query(conn, INSERT, params).map(rows -> rows.rowCount());
  }

  /**
   * {@code {node_id, id}}: NOT_FOUND unless the allocation is on that node; refused while a server holds
   * it (400 ServerUsingAllocationException, as Pterodactyl).
   */
  Future<JsonObject> delete(JsonObject request) {
    return db.query(DELETE, Tuple.of(request.getInteger("id"), request.getInteger("node_id")))
        .recover(t -> Future.failedFuture(DbFailures.isForeignKeyViolation(t) ? inUse() : t))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
          }
          return rows.iterator().next().getBoolean("deleted")
              ? Future.succeededFuture(new JsonObject().put("id", request.getInteger("id")))
              : Future.failedFuture(inUse());
        });
  }

  private static TalonException inUse() {
    return TalonException.named(Failure.DISPLAY, "ServerUsingAllocationException", "A server is currently assigned "
        + "to this allocation. An allocation can only be deleted if no server is currently assigned.");
  }
}
