package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** A server's network allocations as its users manage them (Client API). */
final class ClientAllocationStore {

  /** An allocation ({@code a}) of a server ({@code s}), with whether it is the server's primary one. */
  static final String COLUMNS = "a.id, a.ip, a.ip_alias, a.port, a.notes, a.id = s.allocation_id AS is_default";
  private static final String FROM = " FROM allocations a JOIN servers s ON s.id = a.server_id";
  private static final String LIST = "SELECT " + COLUMNS + FROM + " WHERE a.server_id = $1 ORDER BY a.id";
  private static final String FIND = "SELECT " + COLUMNS + FROM + " WHERE a.server_id = $1 AND a.id = $2";
  /**
   * Serialises the allocation changes of one server; what is counted next is read by a statement of
   * its own, after the lock, so it sees what the previous holder committed.
   */
  private static final String LOCK_SERVER = "SELECT id FROM servers WHERE id = $1 FOR UPDATE";
  private static final String SERVER_STATE = "SELECT s.allocation_limit, s.allocation_id, s.node_id, p.ip, "
      + "(SELECT count(*) FROM allocations c WHERE c.server_id = s.id) AS assigned "
      + "FROM servers s JOIN allocations p ON p.id = s.allocation_id WHERE s.id = $1";
  /** A free allocation on the node and IP of the primary one, at random as Pterodactyl picks it. */
  private static final String ASSIGN = "UPDATE allocations SET server_id = $1, updated_at = now() WHERE id = "
      + "(SELECT id FROM allocations WHERE node_id = $2 AND ip = $3 AND server_id IS NULL "
      + "ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";
  private static final String NOTES = "UPDATE allocations SET notes = $3, updated_at = now() "
      + "WHERE server_id = $1 AND id = $2 RETURNING id";
  /** Read after the server's lock, so an unassignment that held it is seen committed. */
  private static final String LOCK_HELD = "SELECT id FROM allocations WHERE id = $2 AND server_id = $1 FOR UPDATE";
  private static final String PRIMARY = "UPDATE servers SET allocation_id = $2, updated_at = now() WHERE id = $1";
  private static final String UNASSIGN = "UPDATE allocations SET server_id = NULL, notes = NULL, updated_at = now() "
      + "WHERE server_id = $1 AND id = $2 RETURNING id";

  private final Db db;

  ClientAllocationStore(Db db) {
    this.db = db;
  }

  /** The client {@code allocation} object. */
  static JsonObject allocation(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("ip", r.getString("ip"))
        .put("ip_alias", r.getString("ip_alias"))
        .put("port", r.getInteger("port"))
        .put("notes", r.getString("notes"))
        .put("is_default", r.getBoolean("is_default"));
  }

  /** {@code {server_id}}: {@code {data: [allocation]}}. */
  Future<JsonObject> list(JsonObject query) {
    return db.query(LIST, Tuple.of(query.getInteger("server_id"))).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(allocation(r)));
      return new JsonObject().put("data", data);
    });
  }

  /**
   * {@code {server_id}}: assigns one more allocation within the server's limit (a null limit allows
   * none), under a lock on the server so that concurrent requests cannot pass it.
   */
  Future<JsonObject> assign(JsonObject query) {
    Integer serverId = query.getInteger("server_id");
    return db.inTransaction(conn -> locked(conn, serverId).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
      }
      Row server = rows.iterator().next();
      Integer limit = server.getInteger("allocation_limit");
      if (server.getLong("assigned") >= (limit == null ? 0 : limit)) {
        return Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException",
            "Cannot assign additional allocations to this server: limit has been reached."));
      }
      return db.query(conn, ASSIGN, Tuple.of(serverId, server.getInteger("node_id"), server.getString("ip")))
          .compose(assigned -> assigned.size() == 0
              ? Future.failedFuture(TalonException.named(Failure.DISPLAY, "NoAutoAllocationSpaceAvailableException",
                  "Cannot assign additional allocation: no more space available on node."))
              : one(conn, serverId, assigned.iterator().next().getInteger("id")));
    }));
  }

  /** {@code {server_id, allocation_id, notes}}. */
  Future<JsonObject> notes(JsonObject change) {
    Integer serverId = change.getInteger("server_id");
    Integer id = change.getInteger("allocation_id");
    return db.query(NOTES, Tuple.of(serverId, id, change.getString("notes"))).compose(rows -> found(rows, serverId, id));
  }

  /**
   * {@code {server_id, allocation_id}}: makes it the server's primary allocation. The server row is
   * locked first, as by {@link #unassign} and the build change, and the allocation is then locked
   * while still held, so the primary can never be an allocation given back meanwhile.
   */
  Future<JsonObject> primary(JsonObject change) {
    Integer serverId = change.getInteger("server_id");
    Integer id = change.getInteger("allocation_id");
    return db.inTransaction(conn -> db.query(conn, LOCK_SERVER, Tuple.of(serverId))
        .compose(server -> server.size() == 0 ? Future.<RowSet<Row>>failedFuture(new TalonException(Failure.NOT_FOUND))
            : db.query(conn, LOCK_HELD, Tuple.of(serverId, id)))
        .compose(held -> held.size() == 0 ? Future.<RowSet<Row>>failedFuture(new TalonException(Failure.NOT_FOUND))
            : db.query(conn, PRIMARY, Tuple.of(serverId, id)))
        .compose(v -> one(conn, serverId, id)));
  }

  /**
   * {@code {server_id, allocation_id}}: gives the allocation back to the node (unassigned, notes
   * cleared); refused without an allocation limit and for the primary allocation (400, as Pterodactyl).
   */
  Future<JsonObject> unassign(JsonObject change) {
    Integer serverId = change.getInteger("server_id");
    Integer id = change.getInteger("allocation_id");
    return db.inTransaction(conn -> locked(conn, serverId).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
      }
      Row server = rows.iterator().next();
      Integer limit = server.getInteger("allocation_limit");
      if (limit == null || limit == 0) {
        return Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException",
            "You cannot delete allocations for this server: no allocation limit is set."));
      }
      if (id.equals(server.getInteger("allocation_id"))) {
        return Future.failedFuture(TalonException.named(Failure.DISPLAY, "DisplayException",
            "You cannot delete the primary allocation for this server."));
      }
      return db.query(conn, UNASSIGN, Tuple.of(serverId, id)).compose(done -> done.size() == 0
          ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
          : Future.succeededFuture(new JsonObject().put("id", id)));
    }));
  }

  private Future<RowSet<Row>> locked(SqlConnection conn, Integer serverId) {
    return db.query(conn, LOCK_SERVER, Tuple.of(serverId))
        .compose(lock -> db.query(conn, SERVER_STATE, Tuple.of(serverId)));
  }

  private Future<JsonObject> found(RowSet<Row> changed, Integer serverId, Integer id) {
    if (changed.size() == 0) {
      return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
    }
    return db.query(FIND, Tuple.of(serverId, id)).map(rows -> allocation(rows.iterator().next()));
  }

  private Future<JsonObject> one(SqlConnection conn, Integer serverId, Integer id) {
    return db.query(conn, FIND, Tuple.of(serverId, id)).map(rows -> allocation(rows.iterator().next()));
  }
}
