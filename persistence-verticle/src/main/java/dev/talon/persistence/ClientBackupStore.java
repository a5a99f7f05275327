package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** A server's backup records (the panel side only: making and restoring backups is a daemon's work). */
final class ClientBackupStore {

  private static final String COLUMNS = "id, uuid, is_successful, is_locked, name, ignored_files, checksum, bytes, "
      + "created_at, completed_at";
  private static final String COUNTS = "SELECT count(*) AS total, "
      + "count(*) FILTER (WHERE completed_at IS NULL OR is_successful) AS not_failed "
      + "FROM backups WHERE server_id = $1 AND deleted_at IS NULL";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM backups WHERE server_id = $1 AND deleted_at IS NULL "
      + "ORDER BY id LIMIT $2 OFFSET $3";
  private static final String FIND = "SELECT " + COLUMNS
      + " FROM backups WHERE server_id = $1 AND id = $2 AND deleted_at IS NULL";
  private static final String TOGGLE_LOCK = "UPDATE backups SET is_locked = NOT is_locked, updated_at = now() "
      + "WHERE server_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING " + COLUMNS;

  private final Db db;

  ClientBackupStore(Db db) {
    this.db = db;
  }

  /** The client {@code backup} object. */
  private static JsonObject backup(Row r) {
    Object ignored = r.getValue("ignored_files");
    return new JsonObject()
        .put("uuid", r.getUUID("uuid").toString())
        .put("is_successful", r.getBoolean("is_successful"))
        .put("is_locked", r.getBoolean("is_locked"))
        .put("name", r.getString("name"))
        .put("ignored_files", ignored instanceof JsonArray a ? a : new JsonArray())
        .put("checksum", r.getString("checksum"))
        .put("bytes", r.getLong("bytes"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("completed_at", Dates.atom(r.getOffsetDateTime("completed_at")));
  }

  /**
   * {@code {server_id, limit, offset}}: {@code {total, backup_count, data}}, where backup_count counts
   * the backups that did not fail (unfinished or successful), as Pterodactyl's meta does.
   */
  Future<JsonObject> list(JsonObject query) {
    Integer serverId = query.getInteger("server_id");
    return db.query(COUNTS, Tuple.of(serverId)).compose(counts -> {
      Row c = counts.iterator().next();
      return db.query(PAGE, Tuple.of(serverId, query.getInteger("limit"), query.getLong("offset"))).map(rows -> {
        JsonArray data = new JsonArray();
        rows.forEach(r -> data.add(backup(r)));
        return new JsonObject().put("total", c.getLong("total")).put("backup_count", c.getLong("not_failed"))
            .put("data", data);
      });
    });
  }

  /** {@code {server_id, id}}: the backup, or null. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getInteger("server_id"), query.getLong("id")))
        .map(rows -> rows.size() == 0 ? null : backup(rows.iterator().next()));
  }

  /** {@code {server_id, id}}: locks an unlocked backup, unlocks a locked one; answers it. */
  Future<JsonObject> toggleLock(JsonObject query) {
    return db.query(TOGGLE_LOCK, Tuple.of(query.getInteger("server_id"), query.getLong("id")))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(backup(rows.iterator().next())));
  }
}
