package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import java.util.Map;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Every statement about locations. */
final class LocationStore {

  private static final String COLUMNS = "id, short, long, created_at, updated_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM locations WHERE id = $1";
  private static final String INSERT = "INSERT INTO locations (short, long) VALUES ($1, $2) RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE locations SET short = $2, long = $3, updated_at = now() WHERE id = $1 "
      + "RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM locations WHERE id = $1 RETURNING id";
  private static final ListQuery LIST = new ListQuery("SELECT " + COLUMNS, "FROM locations",
      Map.of("short", ListQuery.partial("short"), "long", ListQuery.partial("long")), Map.of("id", "id"), "id");
  private static final Map<String, String> RELATED = Map.of(
      "id", "SELECT id AS by_key, " + COLUMNS + " FROM locations WHERE id = ANY($1)",
      "node_id", "SELECT n.id AS by_key, l.id, l.short, l.long, l.created_at, l.updated_at"
          + " FROM locations l JOIN nodes n ON n.location_id = l.id WHERE n.id = ANY($1)");

  private final Db db;

  LocationStore(Db db) {
    this.db = db;
  }

  static JsonObject location(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("short", r.getString("short"))
        .put("long", r.getString("long"))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")));
  }

  /** Application API listing (see ListQuery). */
  Future<JsonObject> list(JsonObject query) {
    return LIST.run(db, query, LocationStore::location);
  }

  /** For {@code ?include=}: by location {@code id}, or by {@code node_id} (a node's location). */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, LocationStore::location);
  }

  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getInteger("id")))
        .map(rows -> rows.size() == 0 ? null : location(rows.iterator().next()));
  }

  /** {@code {short, long?}}. */
  Future<JsonObject> insert(JsonObject location) {
    return db.query(INSERT, Tuple.of(location.getString("short"), location.getString("long")))
        .recover(t -> Future.failedFuture(duplicate(t)))
        .map(rows -> location(rows.iterator().next()));
  }

  /** {@code {id, short, long?}}: NOT_FOUND when there is no such location. */
  Future<JsonObject> update(JsonObject location) {
    return db.query(UPDATE, Tuple.of(location.getInteger("id"), location.getString("short"), location.getString("long")))
        .recover(t -> Future.failedFuture(duplicate(t)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(location(rows.iterator().next())));
  }

  /** Refused while a node is in the location (400 HasActiveNodesException, as Pterodactyl). */
  Future<JsonObject> delete(JsonObject query) {
    return db.query(DELETE, Tuple.of(query.getInteger("id")))
        .recover(t -> Future.failedFuture(DbFailures.isForeignKeyViolation(t) ? TalonException.named(Failure.DISPLAY,
            "HasActiveNodesException", "Cannot delete a location that has active nodes attached to it.") : t))
        .compose(rows -> rows.size() == 0
        ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
        : Future.succeededFuture(new JsonObject().put("id", query.getInteger("id"))));
  }

  private static Throwable duplicate(Throwable t) {
    if (DbFailures.isUniqueViolation(t, "locations_short_unique")) {
      return TalonException.invalid("short", "unique", "The Location Identifier has already been taken.");
    }
    return DbFailures.map(t);
  }
}
