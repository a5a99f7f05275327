package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Every statement about users. */
final class UserStore {

  private static final String INSERT = "INSERT INTO users AS u (uuid, external_id, username, email, "
      + "name_first, name_last, password, language, root_admin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      + "RETURNING " + Rows.USER_COLUMNS;
  private static final String FIND_BY_ID = "SELECT " + Rows.USER_COLUMNS + " FROM users u WHERE u.id = $1";
  private static final String FIND_BY_LOGIN = "SELECT " + Rows.USER_COLUMNS
      + " FROM users u WHERE lower(u.username) = lower($1) OR lower(u.email) = lower($1) ORDER BY u.id LIMIT 1";
  private static final String LIST = "SELECT " + Rows.USER_COLUMNS + " FROM users u ORDER BY u.id LIMIT $1 OFFSET $2";
  private static final String COUNT = "SELECT count(*) FROM users";

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

  /** {@code {id}} or {@code {login}} (username or e-mail, any case); null when there is none. */
  Future<JsonObject> find(JsonObject query) {
    Future<RowSet<Row>> rows = query.containsKey("id")
        ? db.query(FIND_BY_ID, Tuple.of(query.getInteger("id")))
        : db.query(FIND_BY_LOGIN, Tuple.of(query.getString("login")));
    return rows.map(rs -> rs.size() == 0 ? null : Rows.user(rs.iterator().next()));
  }

  /** {@code {limit, offset}}: answers {@code {total, data: [...]}}. */
  Future<JsonObject> list(JsonObject query) {
    int limit = query.getInteger("limit", 50);
    int offset = query.getInteger("offset", 0);
    return db.query(COUNT, Tuple.tuple()).compose(count -> {
      long total = count.iterator().next().getLong(0);
      return db.query(LIST, Tuple.of(limit, offset)).map(rows -> {
        JsonArray data = new JsonArray();
        rows.forEach(r -> data.add(Rows.user(r)));
        return new JsonObject().put("total", total).put("data", data);
      });
    });
  }

  static TalonException notFound() {
    return new TalonException(Failure.NOT_FOUND);
  }
}
