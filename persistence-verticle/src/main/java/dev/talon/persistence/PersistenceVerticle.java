package dev.talon.persistence;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Owns the PostgreSQL pool and every SQL statement, and serves named operations on the event bus:
 * the internal {@code talon.persistence.*} ones to this node's verticles only, the public
 * {@code talon.eggs.import} and {@code talon.databases.drop-for-server} to the whole cluster.
 *
 * <p>Configuration: {@code uri}, {@code pool-size} (connections, shared by every instance),
 * {@code pool-queue} (requests waiting for a connection before new ones fail fast), {@code migrate}
 * (create the database when missing and apply migrations first), {@code listen} (republish
 * database change notifications as events) and {@code host-timeout-ms} (the most one operation on a
 * MySQL/MariaDB database host may take, connecting to it included).
 */
public class PersistenceVerticle extends VerticleBase {

  private static final AtomicLong STATEMENTS = new AtomicLong();
  /** Operations served, per address: the benchmark reads them to count key lookups per phase. */
  private static final ConcurrentHashMap<String, AtomicLong> OPERATIONS = new ConcurrentHashMap<>();
  private static final String POOL_NAME = "talon-pg";

  private final SecretBox secrets;
  private final DatabaseIds databaseIds;
  private Pool pool;
  private ChangeListener listener;
  private DatabaseHostClient databaseHosts;

  /** {@code serverSecret} keys the {@link SecretBox} that seals daemon tokens and database passwords. */
  public PersistenceVerticle(byte[] serverSecret) {
    this.secrets = new SecretBox(serverSecret);
    this.databaseIds = new DatabaseIds(serverSecret);
  }

  @Override
  public Future<?> start() {
    PgConnectOptions connect = connectOptions(config());
    Future<?> prepared = config().getBoolean("migrate", true)
        ? vertx.executeBlocking(() -> {
          DatabaseSetup setup = new DatabaseSetup(connect);
          setup.ensureDatabase();
          return setup.migrate();
        }, false)
        : Future.succeededFuture();
    return prepared.compose(v -> {
      pool = PgBuilder.pool()
          .with(new PoolOptions()
              .setMaxSize(config().getInteger("pool-size", 8))
              .setMaxWaitQueueSize(config().getInteger("pool-queue", 1024))
              .setShared(true)
              .setName(POOL_NAME)
              .setConnectionTimeout(config().getInteger("connect-timeout-ms", 5000))
              .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
          .with(new NetClientOptions().setConnectTimeout(config().getInteger("connect-timeout-ms", 5000)))
          .connectingTo(connect)
          .using(vertx)
          .build();
      Db db = new Db(pool, STATEMENTS);
      UserStore users = new UserStore(db);
      ApiKeyStore keys = new ApiKeyStore(db);
      ActivityStore activity = new ActivityStore(db);
      SshKeyStore sshKeys = new SshKeyStore(db);
      LocationStore locations = new LocationStore(db);
      int hostDeadlineMs = config().getInteger("host-timeout-ms", 2000);
      databaseHosts = new DatabaseHostClient(vertx, secrets, hostDeadlineMs);
      DatabaseHostStore hosts = new DatabaseHostStore(db, secrets, databaseHosts);
      // half of the pool at most may wait on database hosts: the rest stays free for everything else
      HostBoundTransactions hostBound = new HostBoundTransactions(vertx, db, hostDeadlineMs,
          Math.max(1, config().getInteger("pool-size", 8) / 2));
      ServerDatabaseStore databases = new ServerDatabaseStore(db, hostBound, secrets, databaseHosts, databaseIds);
      NestStore nests = new NestStore(db);
      EggStore eggs = new EggStore(db);
      NodeStore nodes = new NodeStore(db, secrets);
      AllocationStore allocations = new AllocationStore(db);
      ServerStore servers = new ServerStore(db);
      WebSessionStore sessions = new WebSessionStore(db);
      ClientServerStore clientServers = new ClientServerStore(db, databaseIds);
      SubuserStore subusers = new SubuserStore(db);
      ClientAllocationStore clientAllocations = new ClientAllocationStore(db);
      ClientBackupStore clientBackups = new ClientBackupStore(db);
      ClientDatabaseStore clientDatabases = new ClientDatabaseStore(db, secrets, databaseIds, databases);
      List<Future<?>> ready = new ArrayList<>();
      serve(ready, Addresses.DB_PING, q -> db.query("SELECT 1", Tuple.tuple()).map(rows -> new JsonObject().put("ok", true)));
      ready.add(Bus.serveLocal(vertx.eventBus(), Addresses.DB_STATS, q -> Future.succeededFuture(stats(db))).completion());
      serve(ready, Addresses.DB_USER_INSERT, users::insert);
      serve(ready, Addresses.DB_USER_FIND, users::find);
      serve(ready, Addresses.DB_USER_LIST, users::list);
      serve(ready, Addresses.DB_USER_UPDATE, users::update);
      serve(ready, Addresses.DB_USER_DELETE, users::delete);
      serve(ready, Addresses.DB_USER_BY, users::related);
      serve(ready, Addresses.DB_USER_CREDENTIALS, users::credentials);
      serve(ready, Addresses.DB_USER_EXISTS, users::exists);
      serve(ready, Addresses.DB_USER_PASSWORD, users::changePassword);
      serve(ready, Addresses.DB_SESSION_INSERT, sessions::insert);
      serve(ready, Addresses.DB_SESSION_FIND, sessions::find);
      serve(ready, Addresses.DB_SESSION_DELETE, sessions::delete);
      serve(ready, Addresses.DB_SIGN_IN_ATTEMPT, sessions::attempt);
      serve(ready, Addresses.DB_SIGN_IN_SUCCEEDED, sessions::succeeded);
      serve(ready, Addresses.DB_SIGN_IN_SWEEP, sessions::sweep);
      serve(ready, Addresses.DB_LOCATION_LIST, locations::list);
      serve(ready, Addresses.DB_LOCATION_FIND, locations::find);
      serve(ready, Addresses.DB_LOCATION_INSERT, locations::insert);
      serve(ready, Addresses.DB_LOCATION_UPDATE, locations::update);
      serve(ready, Addresses.DB_LOCATION_DELETE, locations::delete);
      serve(ready, Addresses.DB_LOCATION_BY, locations::related);
      serve(ready, Addresses.DB_DATABASE_HOST_LIST, hosts::list);
      serve(ready, Addresses.DB_DATABASE_HOST_FIND, hosts::find);
      serve(ready, Addresses.DB_DATABASE_HOST_INSERT, hosts::insert);
      serve(ready, Addresses.DB_DATABASE_HOST_UPDATE, hosts::update);
      serve(ready, Addresses.DB_DATABASE_HOST_DELETE, hosts::delete);
      serve(ready, Addresses.DB_DATABASE_HOST_BY, hosts::related);
      serve(ready, Addresses.DB_DATABASE_LIST, databases::list);
      serve(ready, Addresses.DB_DATABASE_FIND, databases::find);
      serve(ready, Addresses.DB_DATABASE_INSERT, databases::insert);
      serve(ready, Addresses.DB_DATABASE_RESET_PASSWORD, databases::resetPassword);
      serve(ready, Addresses.DB_DATABASE_DELETE, databases::delete);
      serve(ready, Addresses.DB_DATABASE_BY, databases::related);
      serve(ready, Addresses.DB_DATABASE_PASSWORD_BY, databases::passwords);
      // a public address, outside the persistence namespace the operation counts are named from
      ready.add(Bus.serve(vertx.eventBus(), Addresses.DATABASES_DROP_FOR_SERVER,
          q -> databases.dropForServer(q).recover(t -> Future.failedFuture(DbFailures.map(t)))).completion());
      serve(ready, Addresses.DB_NEST_LIST, nests::list);
      serve(ready, Addresses.DB_NEST_FIND, nests::find);
      serve(ready, Addresses.DB_NEST_BY, nests::related);
      serve(ready, Addresses.DB_EGG_LIST, eggs::ofNest);
      serve(ready, Addresses.DB_EGG_FIND, eggs::find);
      serve(ready, Addresses.DB_EGG_BY, eggs::related);
      serve(ready, Addresses.DB_EGG_VARIABLE_BY, eggs::relatedVariables);
      servePublic(ready, Addresses.EGG_IMPORT, eggs::importEgg);
      serve(ready, Addresses.DB_NODE_LIST, nodes::list);
      serve(ready, Addresses.DB_NODE_FIND, nodes::find);
      serve(ready, Addresses.DB_NODE_INSERT, nodes::insert);
      serve(ready, Addresses.DB_NODE_UPDATE, nodes::update);
      serve(ready, Addresses.DB_NODE_DELETE, nodes::delete);
      serve(ready, Addresses.DB_NODE_DEPLOYABLE, nodes::deployable);
      serve(ready, Addresses.DB_NODE_CONFIGURATION, nodes::configuration);
      serve(ready, Addresses.DB_NODE_BY, nodes::related);
      serve(ready, Addresses.DB_ALLOCATION_LIST, allocations::list);
      serve(ready, Addresses.DB_ALLOCATION_INSERT, allocations::insert);
      serve(ready, Addresses.DB_ALLOCATION_DELETE, allocations::delete);
      serve(ready, Addresses.DB_ALLOCATION_BY, allocations::related);
      serve(ready, Addresses.DB_SERVER_LIST, servers::list);
      serve(ready, Addresses.DB_SERVER_FIND, servers::find);
      serve(ready, Addresses.DB_SERVER_INSERT, servers::insert);
      serve(ready, Addresses.DB_SERVER_UPDATE_DETAILS, servers::updateDetails);
      serve(ready, Addresses.DB_SERVER_UPDATE_BUILD, servers::updateBuild);
      serve(ready, Addresses.DB_SERVER_UPDATE_STARTUP, servers::updateStartup);
      serve(ready, Addresses.DB_SERVER_SUSPENSION, servers::suspension);
      serve(ready, Addresses.DB_SERVER_REINSTALL, servers::reinstall);
      serve(ready, Addresses.DB_SERVER_DELETE, servers::delete);
      serve(ready, Addresses.DB_SERVER_BY, servers::related);
      serve(ready, Addresses.DB_SERVER_VARIABLE_BY, servers::relatedVariables);
      serve(ready, Addresses.DB_SUBUSER_BY, servers::relatedSubusers);
      serve(ready, Addresses.DB_EGG_VARIABLES, servers::eggVariables);
      serve(ready, Addresses.DB_CLIENT_SERVER_ACCESS, clientServers::access);
      serve(ready, Addresses.DB_CLIENT_SERVER_LIST, clientServers::list);
      serve(ready, Addresses.DB_CLIENT_SERVER_VIEW, clientServers::view);
      serve(ready, Addresses.DB_CLIENT_SERVER_RENAME, clientServers::rename);
      serve(ready, Addresses.DB_CLIENT_SERVER_IMAGE, clientServers::setImage);
      serve(ready, Addresses.DB_CLIENT_STARTUP, clientServers::startup);
      serve(ready, Addresses.DB_CLIENT_STARTUP_VARIABLE, clientServers::setVariable);
      serve(ready, Addresses.DB_CLIENT_SUBUSER_LIST, subusers::list);
      serve(ready, Addresses.DB_CLIENT_SUBUSER_FIND, subusers::find);
      serve(ready, Addresses.DB_CLIENT_SUBUSER_INSERT, subusers::insert);
      serve(ready, Addresses.DB_CLIENT_SUBUSER_UPDATE, subusers::update);
      serve(ready, Addresses.DB_CLIENT_SUBUSER_DELETE, subusers::delete);
      serve(ready, Addresses.DB_CLIENT_ALLOCATION_LIST, clientAllocations::list);
      serve(ready, Addresses.DB_CLIENT_ALLOCATION_ASSIGN, clientAllocations::assign);
      serve(ready, Addresses.DB_CLIENT_ALLOCATION_NOTES, clientAllocations::notes);
      serve(ready, Addresses.DB_CLIENT_ALLOCATION_PRIMARY, clientAllocations::primary);
      serve(ready, Addresses.DB_CLIENT_ALLOCATION_UNASSIGN, clientAllocations::unassign);
      serve(ready, Addresses.DB_CLIENT_BACKUP_LIST, clientBackups::list);
      serve(ready, Addresses.DB_CLIENT_BACKUP_FIND, clientBackups::find);
      serve(ready, Addresses.DB_CLIENT_BACKUP_LOCK, clientBackups::toggleLock);
      serve(ready, Addresses.DB_CLIENT_DATABASE_LIST, clientDatabases::list);
      serve(ready, Addresses.DB_CLIENT_DATABASE_INSERT, clientDatabases::insert);
      serve(ready, Addresses.DB_CLIENT_DATABASE_ROTATE_PASSWORD, clientDatabases::rotatePassword);
      serve(ready, Addresses.DB_KEY_FIND, keys::find);
      serve(ready, Addresses.DB_KEY_INSERT, keys::insert);
      serve(ready, Addresses.DB_KEY_LIST, keys::list);
      serve(ready, Addresses.DB_KEY_DELETE, keys::delete);
      serve(ready, Addresses.DB_KEY_TOUCH, keys::touch);
      serve(ready, Addresses.DB_ACTIVITY_APPEND, activity::append);
      serve(ready, Addresses.DB_ACTIVITY_LIST, activity::list);
      serve(ready, Addresses.DB_SSH_KEY_LIST, sshKeys::list);
      serve(ready, Addresses.DB_SSH_KEY_INSERT, sshKeys::insert);
      serve(ready, Addresses.DB_SSH_KEY_DELETE, sshKeys::delete);
      if (config().getBoolean("listen", true)) {
        listener = new ChangeListener(vertx, connect);
        ready.add(db.query("SELECT id::text AS id FROM talon_instance", Tuple.tuple())
            .compose(rows -> listener.start(rows.iterator().next().getString("id"))));
      }
      return Future.all(ready);
    });
  }

  /** An internal operation: served to this node's verticles only (see {@link Bus#serveLocal}). */
  private void serve(List<Future<?>> ready, String address, Function<JsonObject, Future<JsonObject>> op) {
    ready.add(Bus.serveLocal(vertx.eventBus(), address, counted(address, op)).completion());
  }

  /** An operation the README documents for outside verticles: served to the whole cluster. */
  private void servePublic(List<Future<?>> ready, String address, Function<JsonObject, Future<JsonObject>> op) {
    ready.add(Bus.serve(vertx.eventBus(), address, counted(address, op)).completion());
  }

  private static Function<JsonObject, Future<JsonObject>> counted(String address,
      Function<JsonObject, Future<JsonObject>> op) {
    AtomicLong served = OPERATIONS.computeIfAbsent(address.substring(address.lastIndexOf("persistence.") + 12),
        name -> new AtomicLong());
    return body -> {
      served.incrementAndGet();
      return op.apply(body).recover(t -> Future.failedFuture(DbFailures.map(t)));
    };
  }

  private static JsonObject stats(Db db) {
    JsonObject operations = new JsonObject();
    new java.util.TreeMap<>(OPERATIONS).forEach((name, count) -> operations.put(name, count.get()));
    return new JsonObject().put("statements", db.statements()).put("operations", operations);
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    if (listener != null) {
      closing.add(listener.stop());
    }
    if (databaseHosts != null) {
      closing.add(databaseHosts.close());
    }
    if (pool != null) {
      closing.add(pool.close());
    }
    return Future.join(closing);
  }

  public static PgConnectOptions connectOptions(JsonObject config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.getString("uri",
        "postgresql://postgres@127.0.0.1:5432/talon"));
    if (options.getUser() == null || options.getUser().isEmpty()) {
      options.setUser("postgres");
    }
    return options.setReconnectAttempts(0).setPipeliningLimit(256);
  }
}
