package dev.talon.persistence;

import dev.talon.contracts.Dates;
import dev.talon.contracts.Failure;
import dev.talon.contracts.SecretBox;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.function.Function;

/**
 * Every statement about server databases, each made for real on its database host: the record and
 * the host's database, user and grants are written together (the record's transaction commits only
 * once the host has them, see {@link HostBoundTransactions} for how long it may wait), and their
 * passwords are stored sealed. When the host fails, the record stays as it was and the host is put
 * back as it was where that can be done: what a creation made is dropped, a reset user gets its old
 * password back; a deletion keeps its record, so that it can be asked again.
 */
final class ServerDatabaseStore {

  private static final String COLUMNS = "d.id, d.server_id, d.database_host_id, d.database, d.username, d.remote,"
      + " d.max_connections, d.created_at, d.updated_at";
  private static final String HOST_COLUMNS = "h.id AS host_id, h.host AS host_address, h.port AS host_port,"
      + " h.username AS host_username, h.password AS host_password";
  private static final String LIST = "SELECT s.id AS server_id_found, " + COLUMNS
      + " FROM servers s LEFT JOIN databases d ON d.server_id = s.id WHERE s.id = $1 ORDER BY d.id";
  private static final String FIND = "SELECT " + COLUMNS + " FROM databases d WHERE d.id = $1 AND d.server_id = $2";
  private static final String LOCK_SERVER = "SELECT database_limit FROM servers WHERE id = $1 FOR UPDATE";
  private static final String COUNT_FOR_SERVER = "SELECT count(*) FROM databases WHERE server_id = $1";
  private static final String NAME_TAKEN = "SELECT 1 FROM databases WHERE server_id = $1 AND database = $2";
  private static final String LOCK_HOST = "SELECT " + HOST_COLUMNS + " FROM database_hosts h WHERE h.id = $1 FOR SHARE";
  /** Hosts linked to the server's node first, all others after them alike, at random within each group. */
  private static final String PICK_HOST = "SELECT " + HOST_COLUMNS + " FROM database_hosts h"
      + " ORDER BY (h.node_id = (SELECT node_id FROM servers WHERE id = $1)) IS TRUE DESC, random() LIMIT 1 FOR SHARE";
  private static final String INSERT = "INSERT INTO databases AS d (server_id, database_host_id, database, username,"
      + " remote, password) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
  private static final String WITH_HOST = "SELECT d.id, d.database, d.username, d.remote, d.max_connections,"
      + " d.password, " + HOST_COLUMNS + " FROM databases d JOIN database_hosts h ON h.id = d.database_host_id";
  private static final String LOCK_ONE = WITH_HOST + " WHERE d.id = $1 AND d.server_id = $2 FOR UPDATE OF d";
  private static final String ALL_OF_SERVER = "SELECT id FROM databases WHERE server_id = $1 ORDER BY id";
  private static final String SET_PASSWORD = "UPDATE databases SET password = $2, updated_at = now() WHERE id = $1";
  private static final String DELETE = "DELETE FROM databases WHERE id = $1";
  private static final Map<String, String> RELATED = Map.of(
      "server_id", "SELECT d.server_id AS by_key, " + COLUMNS + " FROM databases d WHERE d.server_id = ANY($1) ORDER BY d.id",
      "database_host_id", "SELECT d.database_host_id AS by_key, " + COLUMNS
          + " FROM databases d WHERE d.database_host_id = ANY($1) ORDER BY d.id");
  private static final Map<String, String> PASSWORDS = Map.of(
      "id", "SELECT id AS by_key, password FROM databases WHERE id = ANY($1)");
  private static final String NAME_CONSTRAINT = "databases_database_host_id_server_id_database_key";

  /**
   * A database as a creation or a password rotation left it: its record (with at least {@code id,
   * database, username, remote, max_connections}), its host, and the user's password in plaintext.
   */
  record WithPassword(Row row, DatabaseHostClient.Host host, String password) {
  }

  private final Db db;
  private final HostBoundTransactions hostBound;
  private final SecretBox secrets;
  private final DatabaseHostClient hosts;
  private final DatabaseIds ids;
  private final DatabaseCredentials credentials = new DatabaseCredentials();

  ServerDatabaseStore(Db db, HostBoundTransactions hostBound, SecretBox secrets, DatabaseHostClient hosts,
      DatabaseIds ids) {
    this.db = db;
    this.hostBound = hostBound;
    this.secrets = secrets;
    this.hosts = hosts;
    this.ids = ids;
  }

  /**
   * The database a request names: {@code id}, or {@code key} as the path gave it, a hashid or a
   * number as Pterodactyl's {@code {database}} binding takes either; null when it names none.
   */
  private Integer idOf(JsonObject query) {
    return query.containsKey("key") ? ids.decode(query.getString("key")) : query.getInteger("id");
  }

  /** Pterodactyl's {@code server_database} object. */
  static JsonObject database(Row r) {
    return new JsonObject()
        .put("id", r.getInteger("id"))
        .put("server", r.getInteger("server_id"))
        .put("host", r.getInteger("database_host_id"))
        .put("database", r.getString("database"))
        .put("username", r.getString("username"))
        .put("remote", r.getString("remote"))
        .put("max_connections", r.getInteger("max_connections"))
        .put("created_at", Dates.atom(r.getOffsetDateTime("created_at")))
        .put("updated_at", Dates.atom(r.getOffsetDateTime("updated_at")));
  }

  private static DatabaseHostClient.Host host(Row r) {
    return new DatabaseHostClient.Host(r.getInteger("host_id"), r.getString("host_address"), r.getInteger("host_port"),
        r.getString("host_username"), r.getString("host_password"));
  }

  /** {@code {server_id}}: every database of the server, {@code {data}}; NOT_FOUND without the server. */
  Future<JsonObject> list(JsonObject query) {
    return db.query(LIST, Tuple.of(query.getInteger("server_id"))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
      }
      JsonArray data = new JsonArray();
      rows.forEach(r -> {
        if (r.getInteger("id") != null) {
          data.add(database(r));
        }
      });
      return Future.succeededFuture(new JsonObject().put("data", data));
    });
  }

  /** {@code {server_id, id or key}}: null unless that database belongs to that server. */
  Future<JsonObject> find(JsonObject query) {
    Integer id = idOf(query);
    if (id == null) {
      return Future.succeededFuture(null);
    }
    return db.query(FIND, Tuple.of(id, query.getInteger("server_id")))
        .map(rows -> rows.size() == 0 ? null : database(rows.iterator().next()));
  }

  /** For {@code ?include=}: by {@code server_id} or {@code database_host_id}. */
  Future<JsonObject> related(JsonObject query) {
    return ListQuery.related(db, query, RELATED, ServerDatabaseStore::database);
  }

  /** For {@code ?include=password}: {@code {password}} by database {@code id}. */
  Future<JsonObject> passwords(JsonObject query) {
    return ListQuery.related(db, query, PASSWORDS,
        r -> new JsonObject().put("password", secrets.open(r.getString("password"))));
  }

  /**
   * {@code {server_id, database, remote, host}}, validated: the server's database limit (null
   * unlimited, 0 none at all), a name unique on the server, then the host's database, user and
   * grants. The server row stays locked meanwhile, so concurrent creations cannot pass the limit.
   */
  Future<JsonObject> insert(JsonObject request) {
    Tuple hostId = Tuple.of(request.getInteger("host"));
    return create(request, conn -> db.query(conn, LOCK_HOST, hostId).compose(found -> found.size() == 0
        ? Future.failedFuture(TalonException.invalid("host", "exists", "The selected Database Host Server ID is invalid."))
        : Future.succeededFuture(host(found.iterator().next()))))
        .map(created -> database(created.row()));
  }

  /**
   * {@code {server_id, database, remote}}, validated: as {@link #insert}, on a host Pterodactyl's
   * client deployment picks: one linked to the server's node at random, else any host at random
   * (its {@code allow_random} on); none at all is a 400, before the limit is looked at.
   */
  Future<WithPassword> insertOnAnyHost(JsonObject request) {
    Tuple serverId = Tuple.of(request.getInteger("server_id"));
    return create(request, conn -> db.query(conn, PICK_HOST, serverId).compose(found -> found.size() == 0
        ? Future.failedFuture(TalonException.named(Failure.DISPLAY, "NoSuitableDatabaseHostException",
            "No database host was found that meets the requirements for this server."))
        : Future.succeededFuture(host(found.iterator().next()))));
  }

  /** The host first (held until commit), then the server's limit and the name, the record, the host's objects. */
  private Future<WithPassword> create(JsonObject request, Function<SqlConnection, Future<DatabaseHostClient.Host>> hostOf) {
    int serverId = request.getInteger("server_id");
    String name = DatabaseCredentials.databaseName(serverId, request.getString("database"));
    String remote = request.getString("remote");
    String username = credentials.username(serverId);
    String password = credentials.password();
    return hostBound.inTransaction(conn -> hostOf.apply(conn).compose(host -> db.query(conn, LOCK_SERVER,
            Tuple.of(serverId))
        .compose(server -> {
          if (server.size() == 0) {
            return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
          }
          Integer limit = server.iterator().next().getInteger("database_limit");
          return db.query(conn, COUNT_FOR_SERVER, Tuple.of(serverId)).compose(count -> limit != null
              && count.iterator().next().getLong(0) >= limit ? Future.failedFuture(tooMany())
              : db.query(conn, NAME_TAKEN, Tuple.of(serverId, name)));
        })
        .compose(taken -> taken.size() > 0 ? Future.failedFuture(duplicate())
            : db.query(conn, INSERT, Tuple.of(serverId, host.id(), name, username, remote, secrets.seal(password))))
        .compose(inserted -> hosts.createDatabase(host, name, username, remote, password)
            .map(v -> new WithPassword(inserted.iterator().next(), host, password)))))
        .recover(t -> Future.failedFuture(DbFailures.isUniqueViolation(t, NAME_CONSTRAINT) ? duplicate() : t));
  }

  /** {@code {server_id, id or key}}: a new password, in the record and on the host. */
  Future<JsonObject> resetPassword(JsonObject query) {
    return rotatePassword(query).map(rotated -> new JsonObject().put("id", rotated.row().getInteger("id")));
  }

  /** {@code {server_id, id}}: as {@link #resetPassword}, answering the record, its host and the new password. */
  Future<WithPassword> rotatePassword(JsonObject query) {
    String password = credentials.password();
    return hostBound.inTransaction(conn -> lockOne(conn, query).compose(r -> db.query(conn, SET_PASSWORD,
            Tuple.of(r.getInteger("id"), secrets.seal(password)))
        .compose(v -> hosts.resetPassword(host(r), r.getString("database"), r.getString("username"),
            r.getString("remote"), password, secrets.open(r.getString("password"))))
        .map(v -> new WithPassword(r, host(r), password))));
  }

  /** {@code {server_id, id or key}}: the database and its user dropped on the host, and the record. */
  Future<JsonObject> delete(JsonObject query) {
    return remove(query, false);
  }

  /**
   * {@code {server_id, force}}: see {@code Addresses.DATABASES_DROP_FOR_SERVER}. Each database as
   * {@link #delete} does it, one after the other; one deleted meanwhile is not counted.
   */
  Future<JsonObject> dropForServer(JsonObject request) {
    boolean force = request.getBoolean("force", false);
    int serverId = request.getInteger("server_id");
    return db.query(ALL_OF_SERVER, Tuple.of(serverId)).compose(rows -> {
      Future<Integer> dropped = Future.succeededFuture(0);
      for (Row r : rows) {
        JsonObject one = new JsonObject().put("server_id", serverId).put("id", r.getInteger("id"));
        dropped = dropped.compose(n -> remove(one, force).map(v -> n + 1)
            .recover(t -> t instanceof TalonException te && te.failure() == Failure.NOT_FOUND
                ? Future.succeededFuture(n) : Future.failedFuture(t)));
      }
      return dropped.map(n -> new JsonObject().put("dropped", n));
    });
  }

  /** With {@code force}, the record goes even when the host could not drop the database. */
  private Future<JsonObject> remove(JsonObject query, boolean force) {
    return hostBound.inTransaction(conn -> lockOne(conn, query).compose(r -> db.query(conn, DELETE,
            Tuple.of(r.getInteger("id")))
        .compose(v -> hosts.dropDatabase(host(r), r.getString("database"), r.getString("username"),
                r.getString("remote"))
            .recover(t -> force ? Future.succeededFuture() : Future.failedFuture(t)))
        .map(v -> new JsonObject().put("id", r.getInteger("id")))));
  }

  private Future<Row> lockOne(SqlConnection conn, JsonObject query) {
    Integer id = idOf(query);
    if (id == null) {
      return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
    }
    return db.query(conn, LOCK_ONE, Tuple.of(id, query.getInteger("server_id")))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(rows.iterator().next()));
  }

  private static TalonException tooMany() {
    return TalonException.named(Failure.DISPLAY, "TooManyDatabasesException",
        "Operation aborted: creating a new database would put this server over the defined limit.");
  }

  private static TalonException duplicate() {
    return TalonException.named(Failure.DISPLAY, "DuplicateDatabaseNameException",
        "A database with that name already exists for this server.");
  }
}
