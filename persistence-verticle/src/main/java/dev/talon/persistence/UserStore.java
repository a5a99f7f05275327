package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Every statement about users. */
final class UserStore {

  private static final String INSERT = "INSERT INTO users AS u (uuid, external_id, username, email, "
      + "name_first, name_last, password, language, root_admin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      + "RETURNING " + Rows.USER_COLUMNS;
  private static final String FIND_BY_ID = "SELECT " + Rows.USER_COLUMNS + " FROM users u WHERE u.id = $1";
  private static final String FIND_BY_LOGIN = "SELECT " + Rows.USER_COLUMNS
      + " FROM users u WHERE lower(u.username) = lower($1) OR lower(u.email) = lower($1) ORDER BY u.id LIMIT 1";
  /** The password hash is read only here, for signing in. */
  private static final String CREDENTIALS = "SELECT " + Rows.USER_COLUMNS + ", u.password"
      + " FROM users u WHERE lower(u.username) = lower($1) OR lower(u.email) = lower($1) ORDER BY u.id LIMIT 1";
  private static final String CREDENTIALS_BY_ID = "SELECT " + Rows.USER_COLUMNS + ", u.password FROM users u WHERE u.id = $1";
  /**
   * The new hash, and the user's web sessions ended but the one named ($3, null for none), in one
   * statement: no request can meet the new password together with a session that should have ended.
   */
  private static final String CHANGE_PASSWORD = "WITH ended AS (DELETE FROM web_sessions WHERE user_id = $1 "
      + "AND ($3::bytea IS NULL OR token_hash <> $3::bytea) RETURNING 1) "
      + "UPDATE users SET password = $2, updated_at = now() WHERE id = $1 RETURNING (SELECT count(*) FROM ended) AS ended";
  private static final String ANY = "SELECT EXISTS (SELECT 1 FROM users)";
  private static final String FIND_BY_EXTERNAL_ID = "SELECT " + Rows.USER_COLUMNS + " FROM users u WHERE u.external_id = $1";
  private static final ListQuery LIST = new ListQuery("SELECT " + Rows.USER_COLUMNS, "FROM users u",
      Map.of("email", ListQuery.partial("u.email"), "uuid", ListQuery.partial("u.uuid"),
          "username", ListQuery.partial("u.username"), "external_id", ListQuery.partial("u.external_id")),
      Map.of("id", "u.id", "uuid", "u.uuid::text"), "u.id");
  private static final Map<String, String> RELATED = Map.of(
      "id", "SELECT u.id AS by_key, " + Rows.USER_COLUMNS + " FROM users u WHERE u.id = ANY($1)");
  private static final String DELETE = "DELETE FROM users WHERE id = $1 RETURNING id";
  /** Contract field name to column, for the fields an update may change. */
  private static final Map<String, String> UPDATABLE = Map.of(
      "email", "email", "username", "username", "first_name", "name_first", "last_name", "name_last",
      "external_id", "external_id", "password", "password", "language", "language", "root_admin", "root_admin");

  private final Db db;

  UserStore(Db db) {
    this.db = db;
  }

  /** {@code {username, email, password (hash), first_name?, last_name?, root_admin?, language?, external_id?}}. */
  Future<JsonObject> insert(JsonObject user) {
    Tuple params = Tuple.of(UUID.randomUUID(), user.getString("external_id"), user.getString("username"),
        user.getString("email"), user.getString("first_name"), user.getString("last_name"),
        user.getString("password"), user.getString("language", "en"), user.getBoolean("root_admin", false));
    return db.query(INSERT, params)
        .map(rows -> Rows.user(rows.iterator().next()))
        .recover(t -> Future.failedFuture(duplicate(t)));
  }

  private static Throwable duplicate(Throwable t) {
    if (DbFailures.isUniqueViolation(t, "users_username_unique")) {
      return TalonException.invalid("username", "unique", "The username has already been taken.");
    }
    if (DbFailures.isUniqueViolation(t, "users_email_unique")) {
      return TalonException.invalid("email", "unique", "The email has already been taken.");
    }
    if (DbFailures.isUniqueViolation(t, "users_external_id_unique")) {
      return TalonException.invalid("external_id", "unique", "The external id has already been taken.");
    }
    return DbFailures.map(t);
  }

  /** {@code {id, ...fields}}: changes only the fields present; answers the user, or NOT_FOUND. */
  Future<JsonObject> update(JsonObject change) {
    StringBuilder sql = new StringBuilder("UPDATE users AS u SET updated_at = now()");
    Tuple params = Tuple.of(change.getInteger("id"));
    for (Map.Entry<String, String> field : new TreeMap<>(UPDATABLE).entrySet()) {
      if (change.containsKey(field.getKey())) {
        params.addValue(change.getValue(field.getKey()));
        sql.append(", ").append(field.getValue()).append(" = $").append(params.size());
      }
    }
    sql.append(" WHERE u.id = $1 RETURNING ").append(Rows.USER_COLUMNS);
    return db.query(sql.toString(), params)
        .recover(t -> Future.failedFuture(duplicate(t)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound())
            : Future.succeededFuture(Rows.user(rows.iterator().next())));
  }

  /** {@code {id}}: deletes the user (keys go with it); answers {@code {id}}, or NOT_FOUND. */
  /** Refused while the user owns a server (400, as Pterodactyl); keys and subuser seats go with the user. */
  Future<JsonObject> delete(JsonObject query) {
    return db.query(DELETE, Tuple.of(query.getInteger("id")))
        .recover(t -> Future.failedFuture(DbFailures.isForeignKeyViolation(t) ? TalonException.named(Failure.DISPLAY,
            "DisplayException", "Cannot delete a user with active servers attached to their account. "
                + "Please delete their servers before continuing.") : t))
        .compose(rows -> rows.size() == 0
        ? Future.failedFuture(notFound())
        : Future.succeededFuture(new JsonObject().put("id", query.getInteger("id"))));
  }

  /** {@code {id}}, {@code {external_id}} or {@code {login}} (username or e-mail, any case); null when there is none. */
  Future<JsonObject> find(JsonObject query) {
    Future<RowSet<Row>> rows;
    if (query.containsKey("id")) {
      rows = db.query(FIND_BY_ID, Tuple.of(query.getInteger("id")));
    } else if (query.containsKey("external_id")) {
      rows = db.query(FIND_BY_EXTERNAL_ID, Tuple.of(query.getString("external_id")));
    } else {
      rows = db.query(FIND_BY_LOGIN, Tuple.of(query.getString("login")));
    }
    return rows.map(rs -> rs.size() == 0 ? null : Rows.user(rs.iterator().next()));
  }

  /**
   * {@code {login}} (username or e-mail, any case) or {@code {id}}: {@code {user, password}} (the
   * bcrypt hash), or null.
   */
  Future<JsonObject> credentials(JsonObject query) {
    Future<RowSet<Row>> found = query.containsKey("id") ? db.query(CREDENTIALS_BY_ID, Tuple.of(query.getInteger("id")))
        : db.query(CREDENTIALS, Tuple.of(query.getString("login")));
    return found.map(rs -> {
      if (rs.size() == 0) {
        return null;
      }
      Row r = rs.iterator().next();
      return new JsonObject().put("user", Rows.user(r)).put("password", r.getString("password"));
    });
  }

  /**
   * {@code {id, password (the new hash), keep_session? (the HMAC, base64, of the one web session that
   * stays)}}: answers {@code {sessions_ended}}, or NOT_FOUND.
   */
  Future<JsonObject> changePassword(JsonObject change) {
    String keep = change.getString("keep_session");
    Tuple params = Tuple.of(change.getInteger("id"), change.getString("password"),
        keep == null ? null : Buffer.buffer(Base64.getDecoder().decode(keep)));
    return db.query(CHANGE_PASSWORD, params).compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound())
        : Future.succeededFuture(new JsonObject().put("sessions_ended", rows.iterator().next().getLong("ended"))));
  }

  /** {@code {exists}}: whether any user exists yet (the sign-in page's first-run hint). */
  Future<JsonObject> exists(JsonObject query) {
    return db.query(ANY, Tuple.tuple()).map(rs -> new JsonObject().put("exists", rs.iterator().next().getBoolean(0)));
  }

  /** Application API listing (see ListQuery): the application user object of each. */
  Future<JsonObject> list(JsonObject query) {
    return LIST.run(db, query, Rows::applicationUser);
  }

  /** For {@code ?include=user}: {@code {field: "id", values}}. */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, Rows::applicationUser);
  }

  static TalonException notFound() {
    return new TalonException(Failure.NOT_FOUND);
  }
}
