package dev.talon.persistence;

import dev.talon.contracts.Dates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Appends activity-log entries, a batch per statement, and lists a user's. */
final class ActivityStore {

  private static final String APPEND = "INSERT INTO activity_logs (event, actor_id, subject_type, subject_id, "
      + "key_identifier, ip, properties, \"timestamp\") "
      // an actor deleted since the entry was recorded is logged as none, not refused
      + "VALUES ($1, (SELECT id FROM users WHERE id = $2), $3, $4, $5, $6, $7, $8)";

  /**
   * A user's entries are those the user did (every entry names its actor; an entry whose subject is
   * the user, such as a failed sign-in, names the user as actor too). The index on
   * {@code (actor_id, timestamp)} serves the scope and the order.
   */
  private static final ListQuery LIST = new ListQuery(
      "SELECT a.id, a.event, a.key_identifier IS NOT NULL AS is_api, a.ip, a.properties, a.\"timestamp\"",
      "FROM activity_logs a",
      Map.of("event", ListQuery.partial("a.event"), "ip", ListQuery.exact("a.ip")),
      Map.of("timestamp", "a.\"timestamp\"", "id", "a.id"), "a.id DESC");

  private final Db db;

  ActivityStore(Db db) {
    this.db = db;
  }

  /** {@code {entries: [{event, actor_id, subject_type, subject_id, key_identifier, ip, properties, timestamp}]}}. */
  Future<JsonObject> append(JsonObject batch) {
    JsonArray entries = batch.getJsonArray("entries", new JsonArray());
    if (entries.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("appended", 0));
    }
    List<Tuple> rows = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonObject e = entries.getJsonObject(i);
      OffsetDateTime at = Dates.parse(e.getString("timestamp"));
      rows.add(Tuple.of(e.getString("event"), e.getInteger("actor_id"), e.getString("subject_type"),
              e.getString("subject_id"), e.getString("key_identifier"), clip(e.getString("ip"), 64))
          .addValue(e.getJsonObject("properties", new JsonObject()))
          .addOffsetDateTime(at == null ? OffsetDateTime.now() : at));
    }
    return db.batch(APPEND, rows).map(n -> new JsonObject().put("appended", entries.size()));
  }

  /**
   * {@code {user_id, limit, offset, filters?, sort?}} (see ListQuery): {@code {total, data: [{id, event,
   * is_api, ip, properties, timestamp}]}}, newest first unless {@code sort} is {@code timestamp}.
   * Timestamps are whole seconds: entries of one second keep the order they were written in, either way.
   */
  Future<JsonObject> list(JsonObject query) {
    boolean oldestFirst = "timestamp".equals(query.getString("sort"));
    JsonObject ordered = query.copy().put("sort", oldestFirst ? "timestamp,id" : "-timestamp,-id");
    return LIST.run(db, ordered, "a.actor_id = $1", List.of(query.getInteger("user_id")), r -> new JsonObject()
        .put("id", r.getLong("id"))
        .put("event", r.getString("event"))
        .put("is_api", r.getBoolean("is_api"))
        .put("ip", r.getString("ip"))
        .put("properties", r.getValue("properties") instanceof JsonObject p ? p : new JsonObject())
        .put("timestamp", Dates.atom(r.getOffsetDateTime("timestamp"))));
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
