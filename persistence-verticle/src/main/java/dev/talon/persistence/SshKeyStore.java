package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Every statement about account SSH keys. Adding and removing one writes its activity entry in the
 * same statement, so the log never tells of a change that did not happen, nor misses one.
 */
final class SshKeyStore {

  private static final String COLUMNS = "k.name, k.fingerprint, k.public_key, k.created_at";
  private static final String LIST = "SELECT " + COLUMNS
      + " FROM user_ssh_keys k WHERE k.user_id = $1 AND k.deleted_at IS NULL ORDER BY k.id";
  private static final String LOGGED = "INSERT INTO activity_logs (event, actor_id, subject_type, subject_id, "
      + "key_identifier, ip, properties) SELECT $%d::text, $1, 'ssh_key', fingerprint, $%d::text, $%d::text, "
      + "jsonb_build_object('fingerprint', fingerprint) FROM %s";
  private static final String INSERT = "WITH created AS (INSERT INTO user_ssh_keys AS k (user_id, name, fingerprint, "
      + "public_key) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS + "), "
      + "logged AS (" + LOGGED.formatted(5, 6, 7, "created") + ") SELECT * FROM created";
  /** Pterodactyl's soft delete: the row stays, with deleted_at set. */
  private static final String DELETE = "WITH removed AS (UPDATE user_ssh_keys SET deleted_at = now(), updated_at = now() "
      + "WHERE user_id = $1 AND fingerprint = $2 AND deleted_at IS NULL RETURNING fingerprint), "
      + "logged AS (" + LOGGED.formatted(3, 4, 5, "removed") + ") SELECT count(*) AS removed FROM removed";
  private static final String LIVE_FINGERPRINT = "user_ssh_keys_live_fingerprint";

  private final Db db;

  SshKeyStore(Db db) {
    this.db = db;
  }

  /** The client {@code ssh_key} object. */
  private static JsonObject sshKey(Row r) {
    return new JsonObject()
        .put("name", r.getString("name"))
        .put("fingerprint", r.getString("fingerprint"))
        .put("public_key", r.getString("public_key"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")));
  }

  /** {@code {user_id}}: {@code {data}}, the user's live keys, oldest first. */
  Future<JsonObject> list(JsonObject query) {
    return db.query(LIST, Tuple.of(query.getInteger("user_id"))).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(sshKey(r)));
      return new JsonObject().put("data", data);
    });
  }

  /**
   * {@code {user_id, name, fingerprint, public_key, ip?, key_identifier?}}, validated: the key, or a
   * 422 on {@code public_key} when the user already holds a live key with that fingerprint.
   */
  Future<JsonObject> insert(JsonObject key) {
    Tuple params = Tuple.of(key.getInteger("user_id"), key.getString("name"), key.getString("fingerprint"),
        key.getString("public_key"), "user:ssh-key.create", key.getString("key_identifier"), clippedIp(key));
    return db.query(INSERT, params)
        .map(rows -> sshKey(rows.iterator().next()))
        .recover(t -> Future.failedFuture(DbFailures.isUniqueViolation(t, LIVE_FINGERPRINT)
            ? TalonException.invalid("public_key", "", "The public key provided already exists on your account.")
            : DbFailures.map(t)));
  }

  /** {@code {user_id, fingerprint, ip?, key_identifier?}}: answers {@code {removed}}, 0 when there was none. */
  Future<JsonObject> delete(JsonObject query) {
    Tuple params = Tuple.of(query.getInteger("user_id"), query.getString("fingerprint"), "user:ssh-key.delete",
        query.getString("key_identifier"), clippedIp(query));
    return db.query(DELETE, params)
        .map(rows -> new JsonObject().put("removed", rows.iterator().next().getLong("removed")));
  }

  /** What a trusted proxy forwarded is kept for the record only, never refused for its length. */
  private static String clippedIp(JsonObject message) {
    String ip = message.getString("ip");
    return ip == null || ip.length() <= 64 ? ip : ip.substring(0, 64);
  }
}
