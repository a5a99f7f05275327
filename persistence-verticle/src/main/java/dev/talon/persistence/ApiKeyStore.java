package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Every statement about API keys. */
final class ApiKeyStore {

  private static final String FIND = "SELECT " + Rows.KEY_COLUMNS + ", k.token_hash, " + Rows.OWNER_COLUMNS
      + " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.identifier = $1";
  private static final String LOCK_OWNER = "SELECT id FROM users WHERE id = $1 FOR UPDATE";
  private static final String COUNT_OWNED = "SELECT count(*) FROM api_keys WHERE user_id = $1";
  private static final String INSERT = "INSERT INTO api_keys AS k (user_id, key_type, identifier, token_hash, "
      + "description, allowed_ips, permissions, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
      + Rows.KEY_COLUMNS;
  private static final String LIST = "SELECT " + Rows.KEY_COLUMNS
      + " FROM api_keys k WHERE k.user_id = $1 AND k.key_type = $2 ORDER BY k.id";
  private static final String DELETE_OWN = "DELETE FROM api_keys k WHERE k.identifier = $1 AND k.user_id = $2 "
      + "AND k.key_type = $3 RETURNING " + Rows.KEY_COLUMNS;
  private static final String DELETE_ANY = "DELETE FROM api_keys k WHERE k.identifier = $1 AND k.key_type = $2 "
      + "RETURNING " + Rows.KEY_COLUMNS;
  private static final String TOUCH = "UPDATE api_keys k SET last_used_at = v.at "
      + "FROM unnest($1::text[], $2::timestamptz[]) AS v(identifier, at) "
      + "WHERE k.identifier = v.identifier AND (k.last_used_at IS NULL OR k.last_used_at < v.at)";

  private final Db db;

  ApiKeyStore(Db db) {
    this.db = db;
  }

  /** {@code {identifier}} (16 characters): the key with its hash and its owner, or null. */
  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getString("identifier"))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return Rows.key(r)
          .put("token_hash", Rows.base64(r.getBuffer("token_hash")))
          .put("user", Rows.owner(r));
    });
  }

  /**
   * Inserts a key unless its owner already holds {@code limit} keys. The owner's row is locked for
   * the count and the insert, so concurrent creations for one user line up and never exceed it.
   */
  Future<JsonObject> insert(JsonObject key) {
    int userId = key.getInteger("user_id");
    int limit = key.getInteger("limit");
    OffsetDateTime expires = Dates.parse(key.getString("expires_at"));
    Tuple params = Tuple.of(userId, key.getInteger("key_type"), key.getString("identifier"),
            Buffer.buffer(Base64.getDecoder().decode(key.getString("token_hash"))), key.getString("description"))
        .addValue(key.getJsonArray("allowed_ips", new JsonArray()))
        .addValue(key.getJsonObject("permissions", new JsonObject()))
        .addOffsetDateTime(expires);
    return db.inTransaction(conn -> db.query(conn, LOCK_OWNER, Tuple.of(userId))
        .compose(owner -> {
          if (owner.size() == 0) {
            return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
          }
          return db.query(conn, COUNT_OWNED, Tuple.of(userId));
        })
        .compose(count -> {
          if (count.iterator().next().getLong(0) >= limit) {
            return Future.failedFuture(new TalonException(Failure.DISPLAY,
                "You have reached the account limit for number of API keys."));
          }
          return db.query(conn, INSERT, params);
        })
        .map(rows -> Rows.key(rows.iterator().next())));
  }

  /** {@code {user_id, key_type}}: answers {@code {data: [...]}}, oldest first. */
  Future<JsonObject> list(JsonObject query) {
    return db.query(LIST, Tuple.of(query.getInteger("user_id"), query.getInteger("key_type"))).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(Rows.key(r)));
      return new JsonObject().put("data", data);
    });
  }

  /** {@code {identifier, key_type, user_id?}}: the deleted key, or NOT_FOUND. */
  Future<JsonObject> delete(JsonObject query) {
    Integer userId = query.getInteger("user_id");
    Tuple params = userId == null
        ? Tuple.of(query.getString("identifier"), query.getInteger("key_type"))
        : Tuple.of(query.getString("identifier"), userId, query.getInteger("key_type"));
    return db.query(userId == null ? DELETE_ANY : DELETE_OWN, params).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
        : Future.succeededFuture(Rows.key(rows.iterator().next())));
  }

  /** {@code {uses: [{identifier, at}]}}: one statement for the whole batch; answers {@code {updated}}. */
  Future<JsonObject> touch(JsonObject batch) {
    JsonArray uses = batch.getJsonArray("uses", new JsonArray());
    List<String> identifiers = new ArrayList<>(uses.size());
    List<OffsetDateTime> times = new ArrayList<>(uses.size());
    for (int i = 0; i < uses.size(); i++) {
      JsonObject use = uses.getJsonObject(i);
      identifiers.add(use.getString("identifier"));
      times.add(Dates.parse(use.getString("at")));
    }
    if (identifiers.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("updated", 0));
    }
    Tuple params = Tuple.tuple()
        .addArrayOfString(identifiers.toArray(new String[0]))
        .addArrayOfOffsetDateTime(times.toArray(new OffsetDateTime[0]));
    return db.query(TOUCH, params)
        .map(rows -> new JsonObject().put("updated", rows.rowCount()));
  }
}
