package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.SecretBox;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to the MySQL/MariaDB database hosts as their admin user: one small pool per host, made on
 * first use and replaced when the host's connection settings change (so a node of a cluster that
 * did not serve the update still stops using the old ones), closed on update, delete and stop.
 * Admin passwords are opened from their sealed form only to connect; no password reaches a log line
 * or an exception message (host error texts are scrubbed of them first).
 */
final class DatabaseHostClient {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseHostClient.class);
  private static final int CONNECTIONS_PER_HOST = 2;
  private static final int IDLE_SECONDS = 60;
  /** How the MySQL client renders a server error in its exception message. */
  private static final Pattern DRIVER_MESSAGE = Pattern.compile("\\{errorMessage=(.*), errorCode=-?\\d+, sqlState=[^}]*}",
      Pattern.DOTALL);

  /** A host's connection settings, its admin password still sealed. */
  record Host(int id, String address, int port, String username, String sealedPassword) {
    private String fingerprint() {
      return address + '\0' + port + '\0' + username + '\0' + sealedPassword;
    }
  }

  private record HostPool(String fingerprint, Pool pool) {
  }

  private final Vertx vertx;
  private final SecretBox secrets;
  private final int timeoutMs;
  private final Map<Integer, HostPool> pools = new ConcurrentHashMap<>();

  /** {@code timeoutMs} bounds connecting to a host and waiting for one of its pooled connections. */
  DatabaseHostClient(Vertx vertx, SecretBox secrets, int timeoutMs) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Connects with these settings and runs {@code SELECT 1}; fails with a 400 naming what the host
   * said, as Pterodactyl's admin panel does when a host is saved.
   */
  Future<Void> check(String address, int port, String username, String password) {
    Pool probe = build(address, port, username, password, 1);
    return probe.query(HostStatements.PING).execute()
        .<Void>mapEmpty()
        .eventually(probe::close)
        .recover(t -> Future.failedFuture(new TalonException(Failure.DISPLAY,
            "There was an error while trying to connect to the host or while executing a query: \""
                + scrub(describe(t), password) + "\"")));
  }

  /**
   * Creates the database (kept if it was already there), its user and the user's grants. On failure
   * it drops what it made, the database only if this call created it.
   */
  Future<Void> createDatabase(Host host, String database, String username, String remote, String password) {
    return onHost(host, "database creation", password, conn -> conn.preparedQuery(HostStatements.DATABASE_EXISTS)
        .execute(Tuple.of(database))
        .compose(existing -> {
          boolean existed = existing.size() > 0;
          boolean[] userCreated = {false};
          return run(conn, HostStatements.createDatabase(database))
              .compose(v -> run(conn, HostStatements.createUser(username, remote, password)))
              .compose(v -> {
                userCreated[0] = true;
                return run(conn, HostStatements.grant(database, username, remote));
              })
              .compose(v -> run(conn, HostStatements.FLUSH))
              .recover(t -> undo(conn, database, !existed, userCreated[0] ? username : null, remote)
                  .transform(ignored -> Future.failedFuture(t)));
        }));
  }

  /** Recreates the user with a new password and its grants, as Pterodactyl does. */
  Future<Void> resetPassword(Host host, String database, String username, String remote, String password) {
    return onHost(host, "password reset", password, conn -> run(conn, HostStatements.dropUser(username, remote))
        .compose(v -> run(conn, HostStatements.createUser(username, remote, password)))
        .compose(v -> run(conn, HostStatements.grant(database, username, remote)))
        .compose(v -> run(conn, HostStatements.FLUSH)));
  }

  Future<Void> dropDatabase(Host host, String database, String username, String remote) {
    return onHost(host, "database deletion", null, conn -> run(conn, HostStatements.dropDatabase(database))
        .compose(v -> run(conn, HostStatements.dropUser(username, remote)))
        .compose(v -> run(conn, HostStatements.FLUSH)));
  }

  /** Closes the pool of a host whose settings changed or that was deleted. */
  Future<Void> forget(int hostId) {
    HostPool removed = pools.remove(hostId);
    return removed == null ? Future.succeededFuture() : removed.pool().close();
  }

  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    pools.keySet().forEach(id -> closing.add(forget(id)));
    return Future.join(closing).mapEmpty();
  }

  private Future<Void> undo(SqlConnection conn, String database, boolean dropDatabase, String username, String remote) {
    Future<Void> dropped = dropDatabase ? run(conn, HostStatements.dropDatabase(database)) : Future.succeededFuture();
    return dropped
        .compose(v -> username == null ? Future.<Void>succeededFuture() : run(conn, HostStatements.dropUser(username, remote)))
        .compose(v -> run(conn, HostStatements.FLUSH))
        .onFailure(t -> LOG.warn("Could not undo a failed database creation ({}): {}", database, describe(t)));
  }

  private <T> Future<T> onHost(Host host, String action, String password, Function<SqlConnection, Future<T>> work) {
    Pool pool;
    try {
      pool = poolFor(host);
    } catch (RuntimeException unusable) {
      return Future.failedFuture(failure(host, action, unusable, password));
    }
    return pool.withConnection(work).recover(t -> Future.failedFuture(failure(host, action, t, password)));
  }

  private static Future<Void> run(SqlConnection conn, String sql) {
    return conn.query(sql).execute().mapEmpty();
  }

  private Pool poolFor(Host host) {
    return pools.compute(host.id(), (id, current) -> {
      if (current != null && current.fingerprint().equals(host.fingerprint())) {
        return current;
      }
      if (current != null) {
        current.pool().close();
      }
      String password = secrets.open(host.sealedPassword());
      return new HostPool(host.fingerprint(), build(host.address(), host.port(), host.username(), password,
          CONNECTIONS_PER_HOST));
    }).pool();
  }

  private Pool build(String address, int port, String username, String password, int size) {
    MySQLConnectOptions connect = new MySQLConnectOptions()
        .setHost(address).setPort(port).setUser(username).setPassword(password)
        .setCharset("utf8mb4");
    connect.setReconnectAttempts(0);
    return MySQLBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(64)
            .setConnectionTimeout(timeoutMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS))
        .with(new NetClientOptions().setConnectTimeout(timeoutMs))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /** A host that cannot be reached is a 503; anything else it refused is logged and a 500. */
  private TalonException failure(Host host, String action, Throwable t, String password) {
    if (t instanceof TalonException te) {
      return te;
    }
    String detail = scrub(describe(t), password);
    if (DbFailures.isConnectionFailure(t)) {
      LOG.warn("Database host {} unreachable during {}: {}", host.id(), action, detail);
      return new TalonException(Failure.UNAVAILABLE, "The database host could not be reached, please try again shortly.");
    }
    LOG.error("Database host {} failed during {}: {}", host.id(), action, detail);
    return new TalonException(Failure.INTERNAL);
  }

  /** What the host said, as PHP's PDO words it ({@code SQLSTATE[28000] [1045] Access denied ...}). */
  private static String describe(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t instanceof DatabaseException refused) {
      Matcher said = DRIVER_MESSAGE.matcher(message);
      return "SQLSTATE[" + refused.getSqlState() + "] [" + refused.getErrorCode() + "] "
          + (said.matches() ? said.group(1) : message);
    }
    return message;
  }

  /** The text without the password, should a host ever echo it back. */
  private static String scrub(String text, String password) {
    return password == null || password.isEmpty() ? text : text.replace(password, "********");
  }
}
