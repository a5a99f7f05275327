package dev.talon.persistence;

import dev.talon.contracts.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * A server's databases as its users see them (Client API): ids as hashids ({@link DatabaseIds}), the
 * host as address and port, and the password only when the caller asks with {@code passwords: true}
 * (the API asks only for callers who may see it). Creating and rotating are {@link ServerDatabaseStore}'s
 * own operations, so the host sees exactly the statements the Application API sends.
 */
final class ClientDatabaseStore {

  private static final String LIST = "SELECT d.id, d.database, d.username, d.remote, d.max_connections, d.password,"
      + " h.host AS host_address, h.port AS host_port"
      + " FROM databases d JOIN database_hosts h ON h.id = d.database_host_id WHERE d.server_id = $1 ORDER BY d.id";

  private final Db db;
  private final SecretBox secrets;
  private final DatabaseIds ids;
  private final ServerDatabaseStore databases;

  ClientDatabaseStore(Db db, SecretBox secrets, DatabaseIds ids, ServerDatabaseStore databases) {
    this.db = db;
    this.secrets = secrets;
    this.ids = ids;
    this.databases = databases;
  }

  /**
   * The client {@code server_database} attributes, in Pterodactyl's order, plus {@code password} when
   * {@code password} is not null.
   */
  private JsonObject database(Row r, String address, int port, String password) {
    JsonObject out = new JsonObject()
        .put("id", ids.encode(r.getInteger("id")))
        .put("host", new JsonObject().put("address", address).put("port", port))
        .put("name", r.getString("database"))
        .put("username", r.getString("username"))
        .put("connections_from", r.getString("remote"))
        .put("max_connections", r.getInteger("max_connections"));
    return password == null ? out : out.put("password", password);
  }

  private JsonObject database(ServerDatabaseStore.WithPassword made, boolean withPassword) {
    return database(made.row(), made.host().address(), made.host().port(), withPassword ? made.password() : null);
  }

  /** {@code {server_id, passwords}}: {@code {data: [database]}}, oldest first. */
  Future<JsonObject> list(JsonObject query) {
    boolean passwords = query.getBoolean("passwords", false);
    return db.query(LIST, Tuple.of(query.getInteger("server_id"))).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(r -> data.add(database(r, r.getString("host_address"), r.getInteger("host_port"),
          passwords ? secrets.open(r.getString("password")) : null)));
      return new JsonObject().put("data", data);
    });
  }

  /** {@code {server_id, database, remote, passwords}}, validated: see {@link ServerDatabaseStore#insertOnAnyHost}. */
  Future<JsonObject> insert(JsonObject request) {
    return databases.insertOnAnyHost(request).map(made -> database(made, request.getBoolean("passwords", false)));
  }

  /** {@code {server_id, id, passwords}}: a new password, in the record and on the host. */
  Future<JsonObject> rotatePassword(JsonObject request) {
    return databases.rotatePassword(request).map(made -> database(made, request.getBoolean("passwords", false)));
  }
}
