package dev.talon.persistence;

import dev.talon.contracts.Dates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Appends activity-log entries, a batch per statement. */
final class ActivityStore {

  private static final String APPEND = "INSERT INTO activity_logs (event, actor_id, subject_type, subject_id, "
      + "key_identifier, ip, properties, \"timestamp\") "
      // an actor deleted since the entry was recorded is logged as none, not refused
      + "VALUES ($1, (SELECT id FROM users WHERE id = $2), $3, $4, $5, $6, $7, $8)";

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

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
