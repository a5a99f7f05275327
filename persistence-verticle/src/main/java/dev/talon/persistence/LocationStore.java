package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
  /** Partial, case-insensitive matches as Pterodactyl's filters; a null filter matches everything. */
  private static final String WHERE = " WHERE ($1::text IS NULL OR lower(short) LIKE '%' || $1 || '%' ESCAPE '\\')"
      + " AND ($2::text IS NULL OR lower(coalesce(long, '')) LIKE '%' || $2 || '%' ESCAPE '\\')";

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

  /** {@code {limit, offset, short?, long?, descending?}}: answers {@code {total, data}}. */
  Future<JsonObject> list(JsonObject query) {
    Tuple filters = Tuple.of(likeValue(query.getString("short")), likeValue(query.getString("long")));
    String order = query.getBoolean("descending", false) ? " ORDER BY id DESC" : " ORDER BY id";
    return db.query("SELECT count(*) FROM locations" + WHERE, filters).compose(count -> {
      long total = count.iterator().next().getLong(0);
      Tuple page = Tuple.of(filters.getValue(0), filters.getValue(1), query.getInteger("limit", 50), query.getInteger("offset", 0));
      return db.query("SELECT " + COLUMNS + " FROM locations" + WHERE + order + " LIMIT $3 OFFSET $4", page).map(rows -> {
        JsonArray data = new JsonArray();
        rows.forEach(r -> data.add(location(r)));
        return new JsonObject().put("total", total).put("data", data);
      });
    });
  }

  private static String likeValue(String filter) {
    if (filter == null || filter.isBlank()) {
      return null;
    }
    return filter.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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

  Future<JsonObject> delete(JsonObject query) {
    return db.query(DELETE, Tuple.of(query.getInteger("id"))).compose(rows -> rows.size() == 0
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
