package dev.talon.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The MySQL/MariaDB server the database tests use as a database host: {@code TALON_TEST_MARIADB_URI}
 * ({@code mysql://user:password@host:port}, an account that may create users and grant), else the
 * local server on 127.0.0.1:3306 as root without a password. Tests make every user and database they
 * need under names unique to their run, and drop them.
 */
public final class TestMariaDb {

  private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestMariaDb() {
  }

  public static MySQLConnectOptions admin() {
    String uri = System.getenv("TALON_TEST_MARIADB_URI");
    MySQLConnectOptions options = uri == null || uri.isBlank()
        ? new MySQLConnectOptions().setHost("127.0.0.1").setPort(3306).setUser("root").setPassword("")
        : MySQLConnectOptions.fromUri(uri);
    if (options.getPassword() == null) {
      options.setPassword("");
    }
    return options;
  }

  /** Lower-case letters and digits after {@code prefix}: a user or database name no other run uses. */
  public static String uniqueName(String prefix) {
    return prefix + random(ALPHANUMERIC, 10);
  }

  /** A password of letters and digits (safe inside a quoted literal). */
  public static String randomPassword() {
    return random(ALPHANUMERIC + "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 20);
  }

  /** Runs a statement as the admin account (text protocol: DDL, GRANT, SHOW). */
  public static List<JsonObject> execute(Vertx vertx, String sql) {
    return as(vertx, admin(), conn -> conn.query(sql).execute());
  }

  /** Runs a parameterised query as the admin account. */
  public static List<JsonObject> query(Vertx vertx, String sql, Object... params) {
    return as(vertx, admin(), conn -> conn.preparedQuery(sql).execute(Tuple.from(params)));
  }

  /** Runs a statement as {@code user} in {@code database} (null: none); throws when refused. */
  public static List<JsonObject> executeAs(Vertx vertx, String user, String password, String database, String sql) {
    MySQLConnectOptions options = new MySQLConnectOptions(admin()).setUser(user).setPassword(password);
    if (database != null) {
      options.setDatabase(database);
    }
    return as(vertx, options, conn -> conn.query(sql).execute());
  }

  public static boolean canLogIn(Vertx vertx, String user, String password) {
    try {
      executeAs(vertx, user, password, null, "SELECT 1");
      return true;
    } catch (RuntimeException refused) {
      return false;
    }
  }

  public static boolean databaseExists(Vertx vertx, String name) {
    return execute(vertx, "SHOW DATABASES").stream().anyMatch(row -> name.equals(row.getString("Database")));
  }

  public static boolean userExists(Vertx vertx, String user) {
    return !query(vertx, "SELECT User FROM mysql.user WHERE User = ?", user).isEmpty();
  }

  /** Drops every database named {@code s<serverId>_...} and every user named {@code u<serverId>_...}. */
  public static void dropServerObjects(Vertx vertx, int serverId) {
    for (JsonObject db : query(vertx, "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
        "s" + serverId + "\\_%")) {
      execute(vertx, "DROP DATABASE IF EXISTS `" + db.getString("name") + "`");
    }
    for (JsonObject user : query(vertx, "SELECT User AS name, Host AS host FROM mysql.user WHERE User LIKE ?",
        "u" + serverId + "\\_%")) {
      execute(vertx, "DROP USER IF EXISTS '" + user.getString("name") + "'@'" + user.getString("host") + "'");
    }
  }

  private static List<JsonObject> as(Vertx vertx, MySQLConnectOptions options,
      Function<SqlConnection, Future<io.vertx.sqlclient.RowSet<Row>>> work) {
    return MySQLConnection.connect(vertx, options)
        .compose(conn -> work.apply(conn).eventually(conn::close))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(row -> out.add(row.toJson()));
          return out;
        })
        .await();
  }

  private static String random(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
