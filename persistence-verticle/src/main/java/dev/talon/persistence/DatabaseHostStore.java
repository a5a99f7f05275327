package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.SecretBox;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/**
 * Every statement about database hosts (a Talon addition: Pterodactyl manages them only in its admin
 * panel). A host is saved only after Talon could log in to it with the given settings; its admin
 * password is stored sealed and never answered.
 */
final class DatabaseHostStore {

  private static final String COLUMNS = "id, name, host, port, username, node_id, created_at, updated_at";
  private static final String FIND = "SELECT " + COLUMNS + " FROM database_hosts WHERE id = $1";
  private static final String FIND_PASSWORD = "SELECT password FROM database_hosts WHERE id = $1";
  private static final String NODE_EXISTS = "SELECT 1 FROM nodes WHERE id = $1";
  private static final String INSERT = "INSERT INTO database_hosts (name, host, port, username, password, max_databases,"
      + " node_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE database_hosts SET name = $2, host = $3, port = $4, username = $5,"
      + " password = $6, max_databases = $7, node_id = $8, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  private static final String COUNT_DATABASES = "SELECT count(*) FROM databases WHERE database_host_id = $1";
  private static final String DELETE = "DELETE FROM database_hosts WHERE id = $1 RETURNING id";
  private static final ListQuery LIST = new ListQuery("SELECT " + COLUMNS, "FROM database_hosts",
      Map.of("name", ListQuery.partial("name"), "host", ListQuery.partial("host")), Map.of("id", "id"), "id");
  private static final Map<String, String> RELATED = Map.of(
      "id", "SELECT id AS by_key, " + COLUMNS + " FROM database_hosts WHERE id = ANY($1)");

  private final Db db;
  private final SecretBox secrets;
  private final DatabaseHostClient hosts;

  DatabaseHostStore(Db db, SecretBox secrets, DatabaseHostClient hosts) {
    this.db = db;
    this.secrets = secrets;
    this.hosts = hosts;
  }

  /** Pterodactyl's {@code database_host} object. */
  static JsonObject host(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("name", r.getString("name"))
        .put("host", r.getString("host"))
        .put("port", r.getInteger("port"))
        .put("username", r.getString("username"))
        .put("node", r.getInteger("node_id"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  Future<JsonObject> list(JsonObject query) {
    return LIST.run(db, query, DatabaseHostStore::host);
  }

  /** For {@code ?include=host}: by host {@code id}. */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, DatabaseHostStore::host);
  }

  Future<JsonObject> find(JsonObject query) {
    return db.query(FIND, Tuple.of(query.getInteger("id")))
        .map(rows -> rows.size() == 0 ? null : host(rows.iterator().next()));
  }

  /** {@code {name, host, port, username, password?, max_databases?, node_id?}}. */
  Future<JsonObject> insert(JsonObject host) {
    String password = host.getString("password", "");
    return nodeExists(host.getInteger("node_id"))
        .compose(v -> hosts.check(host.getString("host"), host.getInteger("port"), host.getString("username"), password))
        .compose(v -> db.query(INSERT, Tuple.of(host.getString("name"), host.getString("host"), host.getInteger("port"),
            host.getString("username"), secrets.seal(password), host.getInteger("max_databases"), host.getInteger("node_id"))))
        .recover(t -> Future.failedFuture(unknownNode(t)))
        .map(rows -> host(rows.iterator().next()));
  }

  /**
   * {@code {id, name, host, port, username, password?, max_databases?, node_id?}}: a full replace,
   * except that an absent password keeps the stored one. NOT_FOUND when there is no such host.
   */
  Future<JsonObject> update(JsonObject host) {
    int id = host.getInteger("id");
    return db.query(FIND_PASSWORD, Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
      }
      String sealed = host.getString("password") == null
          ? rows.iterator().next().getString("password")
          : secrets.seal(host.getString("password"));
      return nodeExists(host.getInteger("node_id"))
          .compose(v -> hosts.check(host.getString("host"), host.getInteger("port"), host.getString("username"),
              secrets.open(sealed)))
          .compose(v -> db.query(UPDATE, Tuple.of(id, host.getString("name"), host.getString("host"),
              host.getInteger("port"), host.getString("username"), sealed, host.getInteger("max_databases"),
              host.getInteger("node_id"))))
          .recover(t -> Future.failedFuture(unknownNode(t)))
          .compose(updated -> hosts.forget(id).map(v -> updated))
          .compose(updated -> updated.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
              : Future.succeededFuture(host(updated.iterator().next())));
    });
  }

  /** Refused while databases live on the host (400 HasActiveServersException, as Pterodactyl). */
  Future<JsonObject> delete(JsonObject query) {
    int id = query.getInteger("id");
    return db.query(COUNT_DATABASES, Tuple.of(id))
        .compose(count -> count.iterator().next().getLong(0) > 0 ? Future.failedFuture(hasDatabases())
            : db.query(DELETE, Tuple.of(id)))
        .recover(t -> Future.failedFuture(DbFailures.isForeignKeyViolation(t) ? hasDatabases() : t))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : hosts.forget(id).map(v -> new JsonObject().put("id", id)));
  }

  private Future<Void> nodeExists(Integer nodeId) {
    if (nodeId == null) {
      return Future.succeededFuture();
    }
    return db.query(NODE_EXISTS, Tuple.of(nodeId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(nodeInvalid()) : Future.succeededFuture());
  }

  /** A node deleted between the check and the write. */
  private static Throwable unknownNode(Throwable t) {
    return DbFailures.isForeignKeyViolation(t) ? nodeInvalid() : t;
  }

  private static TalonException nodeInvalid() {
    return TalonException.invalid("node_id", "exists", "The selected node id is invalid.");
  }

  private static TalonException hasDatabases() {
    return TalonException.named(Failure.DISPLAY, "HasActiveServersException",
        "Cannot delete a database host server that has active databases linked to it.");
  }
}
