package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Subuser seats on a server, each with its permission strings. Every change is announced by the
 * {@code subusers_changed} trigger (migration V11), whoever makes it.
 */
final class SubuserStore {

  /** A seat ({@code su}) with its user ({@code u}). */
  static final String COLUMNS = "su.user_id, u.uuid, u.username, u.email, u.use_totp, u.created_at, su.permissions";
  private static final String LIST = "SELECT " + COLUMNS
      + " FROM subusers su JOIN users u ON u.id = su.user_id WHERE su.server_id = $1 ORDER BY su.id";
  private static final String FIND = "SELECT " + COLUMNS
      + " FROM subusers su JOIN users u ON u.id = su.user_id WHERE su.server_id = $1 AND su.user_id = $2";
  private static final String OWNER = "SELECT owner_id FROM servers WHERE id = $1";
  private static final String INSERT = "INSERT INTO subusers (server_id, user_id, permissions) VALUES ($1, $2, $3) "
      + "ON CONFLICT (user_id, server_id) DO NOTHING RETURNING id";
  /** Writes only when the set of strings changes, as Pterodactyl compares the sorted lists. */
  private static final String UPDATE = "UPDATE subusers SET permissions = $3, updated_at = now() "
      + "WHERE server_id = $1 AND user_id = $2 AND "
      + "ARRAY(SELECT jsonb_array_elements_text(permissions) ORDER BY 1) IS DISTINCT FROM "
      + "ARRAY(SELECT jsonb_array_elements_text($3::jsonb) ORDER BY 1)";
  private static final String DELETE = "DELETE FROM subusers WHERE server_id = $1 AND user_id = $2 RETURNING user_id";

  private final Db db;

  SubuserStore(Db db) {
    this.db = db;
  }

  static JsonObject subuser(Row r) {
    return new JsonObject()
        .put("user_id", r.getInteger("user_id"))
        .put("uuid", r.getUUID("uuid").toString())
        .put("username", r.getString("username"))
        .put("email", r.getString("email"))
        .put("use_totp", r.getBoolean("use_totp"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("permissions", permissions(r));
  }

  private static JsonArray permissions(Row r) {
    JsonArray stored = ClientServerStore.permissions(r.getValue("permissions"));
    return stored == null ? new JsonArray() : stored;
  }

  /** {@code {server_id}}: {@code {data: [subuser]}} in the order they were added. */
  Future<JsonObject> list(JsonObject query) {
    return db.query(LIST, Tuple.of(query.getInteger("server_id"))).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(subuser(r)));
      return new JsonObject().put("data", data);
    });
  }

  /** {@code {server_id, user_id}}: the seat, or null. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getInteger("server_id"), query.getInteger("user_id")))
        .map(rows -> rows.size() == 0 ? null : subuser(rows.iterator().next()));
  }

  /**
   * {@code {server_id, user_id, permissions}}: refused (400, Pterodactyl's names and texts) for the
   * server's owner and for a user who already has a seat.
   */
  Future<JsonObject> insert(JsonObject seat) {
    Integer serverId = seat.getInteger("server_id");
    Integer userId = seat.getInteger("user_id");
    return db.query(OWNER, Tuple.of(serverId)).compose(owner -> {
      if (owner.size() == 0) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
      }
      if (userId.equals(owner.iterator().next().getInteger("owner_id"))) {
        return Future.failedFuture(TalonException.named(Failure.DISPLAY, "UserIsServerOwnerException",
            "You cannot add the server owner as a subuser for this server."));
      }
      return db.query(INSERT, Tuple.of(serverId, userId, seat.getJsonArray("permissions")));
    }).compose(inserted -> inserted.size() == 0
        ? Future.failedFuture(TalonException.named(Failure.DISPLAY, "ServerSubuserExistsException",
            "A user with that email address is already assigned as a subuser for this server."))
        : find(seat));
  }

  /** {@code {server_id, user_id, permissions}}: answers the seat as it is afterwards, or NOT_FOUND. */
  Future<JsonObject> update(JsonObject seat) {
    return db.query(UPDATE, Tuple.of(seat.getInteger("server_id"), seat.getInteger("user_id"),
            seat.getJsonArray("permissions")))
        .compose(v -> find(seat))
        .compose(found -> found == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(found));
  }

  /** {@code {server_id, user_id}}: answers {@code {user_id}}, or NOT_FOUND. */
  Future<JsonObject> delete(JsonObject seat) {
    return db.query(DELETE, Tuple.of(seat.getInteger("server_id"), seat.getInteger("user_id")))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(new JsonObject().put("user_id", seat.getInteger("user_id"))));
  }
}
