package dev.talon.persistence;

import dev.talon.contracts.Dates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/** Every statement about nests (read only: Pterodactyl's API has no nest writes). */
final class NestStore {

  private static final String COLUMNS = "n.id, n.uuid, n.author, n.name, n.description, n.created_at, n.updated_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM nests n WHERE n.id = $1";
  // Pterodactyl pages nests through a repository, not its query builder: no filters, no sorts
  private static final ListQuery LIST = new ListQuery("SELECT " + COLUMNS, "FROM nests n", Map.of(), Map.of(), "n.id");
  private static final Map<String, String> RELATED = Map.of(
      "id", "SELECT n.id AS by_key, " + COLUMNS + " FROM nests n WHERE n.id = ANY($1)");

  private final Db db;

  NestStore(Db db) {
    this.db = db;
  }

  /** Pterodactyl's {@code nest} object. */
  static JsonObject nest(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("uuid", r.getUUID("uuid").toString())
        .put("author", r.getString("author"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  /** Application API listing (see ListQuery); filters and sorts are ignored. */
  Future<JsonObject> list(JsonObject query) {
    return LIST.run(db, query, NestStore::nest);
  }

  /** {@code {id}}: the nest, or null. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getInteger("id")))
        .map(rows -> rows.size() == 0 ? null : nest(rows.iterator().next()));
  }

  /** For {@code ?include=}: by nest {@code id}. */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, NestStore::nest);
  }
}
