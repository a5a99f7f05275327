package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.SecretBox;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.Set;
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
 *
 * <p>Every operation has a deadline, as its callers hold PostgreSQL rows meanwhile: the host is told
 * to give up a statement that waits on a lock or runs for half of it ({@code lock_wait_timeout}, and
 * MariaDB's {@code max_statement_time}), so that it answers with its own error over a connection that
 * still works; a host that does not answer at all fails the operation when the deadline passes, and
 * its pool is closed, which ends the stalled connection with it.
 */
final class DatabaseHostClient {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseHostClient.class);
  private static final int CONNECTIONS_PER_HOST = 2;
  private static final int IDLE_SECONDS = 60;
  /** Lock wait timeout; MariaDB's max_statement_time; MySQL's max_execution_time. */
  private static final Set<Integer> HOST_TIME_LIMITS = Set.of(1205, 1969, 3024);
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

  /** The host did not finish an operation within its deadline. */
  static final class DeadlineExceeded extends RuntimeException {
    DeadlineExceeded(long deadlineMs) {
      super("No answer within " + deadlineMs + " ms", null, false, false);
    }
  }

  private final Vertx vertx;
  private final SecretBox secrets;
  private final int deadlineMs;
  private final String sessionLimits;
  private final Map<Integer, HostPool> pools = new ConcurrentHashMap<>();

  /** {@code deadlineMs} bounds each operation on a host, connecting to it included. */
  DatabaseHostClient(Vertx vertx, SecretBox secrets, int deadlineMs) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.deadlineMs = deadlineMs;
    long seconds = Math.max(1, deadlineMs / 2000);
    // MySQL reads /*M! ... */ as a comment; it has no statement time limit for DDL
    this.sessionLimits = "SET SESSION lock_wait_timeout = " + seconds
        + " /*M!, max_statement_time = " + seconds + " */";
  }

  /**
   * Connects with these settings and runs {@code SELECT 1}; fails with a 400 naming what the host
   * said, as Pterodactyl's admin panel does when a host is saved.
   */
  Future<Void> check(String address, int port, String username, String password) {
    Pool probe = build(address, port, username, password, 1);
    return withDeadline(probe, conn -> run(conn, HostStatements.PING))
        .eventually(probe::close)
        .recover(t -> Future.failedFuture(new TalonException(Failure.DISPLAY,
            "There was an error while trying to connect to the host or while executing a query: \""
                + scrub(describe(t), password) + "\"")));
  }

  /**
   * Creates the database (kept if it was already there), its user and the user's grants. On failure
   * it drops what it made or may have made (a statement whose answer never came may have run), the
   * database only if this call created it, over a connection of its own and within a deadline of its own.
   */
  Future<Void> createDatabase(Host host, String database, String username, String remote, String password) {
    boolean[] mayHaveMade = {false, false};
    return onHost(host, "database creation", password, conn -> conn.preparedQuery(HostStatements.DATABASE_EXISTS)
        .execute(Tuple.of(database))
        .compose(existing -> {
          mayHaveMade[0] = existing.size() == 0;
          return run(conn, HostStatements.createDatabase(database)).onFailure(t -> mayHaveMade[0] &= !refused(t));
        })
        .compose(v -> {
          mayHaveMade[1] = true;
          return run(conn, HostStatements.createUser(username, remote, password))
              .onFailure(t -> mayHaveMade[1] = !refused(t));
        })
        .compose(v -> run(conn, HostStatements.grant(database, username, remote)))
        .compose(v -> run(conn, HostStatements.FLUSH)))
        .recover(t -> undo(host, database, mayHaveMade[0], mayHaveMade[1] ? username : null, remote)
            .transform(ignored -> Future.failedFuture(t)));
  }

  /**
   * Recreates the user with a new password and its grants, as Pterodactyl does. Should that fail once
   * the user may have been dropped, the user is made again with {@code previousPassword} (over a
   * connection of its own), the password the record keeps.
   */
  Future<Void> resetPassword(Host host, String database, String username, String remote, String password,
      String previousPassword) {
    boolean[] mayBeDropped = {false};
    return onHost(host, "password reset", password, conn -> {
      mayBeDropped[0] = true;
      return run(conn, HostStatements.dropUser(username, remote)).onFailure(t -> mayBeDropped[0] = !refused(t))
          .compose(v -> grantTo(conn, database, username, remote, password));
    }).recover(t -> !mayBeDropped[0] ? Future.failedFuture(t)
        : onHost(host, "password restoration", previousPassword,
                conn -> run(conn, HostStatements.dropUser(username, remote))
                    .compose(v -> grantTo(conn, database, username, remote, previousPassword)))
            .onFailure(u -> LOG.warn("Database user {} may be missing on host {} after a failed password reset;"
                + " another reset makes it again", username, host.id()))
            .transform(ignored -> Future.failedFuture(t)));
  }

  /** Makes the user with this password and grants it its database. */
  private static Future<Void> grantTo(SqlConnection conn, String database, String username, String remote,
      String password) {
    return run(conn, HostStatements.createUser(username, remote, password))
        .compose(v -> run(conn, HostStatements.grant(database, username, remote)))
        .compose(v -> run(conn, HostStatements.FLUSH));
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

  private Future<Void> undo(Host host, String database, boolean dropDatabase, String username, String remote) {
    if (!dropDatabase && username == null) {
      return Future.succeededFuture();
    }
    return onHost(host, "undoing a database creation", null, conn -> {
      Future<Void> dropped = dropDatabase ? run(conn, HostStatements.dropDatabase(database)) : Future.succeededFuture();
      return username == null ? dropped : dropped.compose(v -> run(conn, HostStatements.dropUser(username, remote)))
          .compose(v -> run(conn, HostStatements.FLUSH));
    }).onFailure(t -> LOG.warn("Could not undo a failed database creation ({}): {}", database, t.getMessage()));
  }

  /** The host answered the statement with an error: it did not run. */
  private static boolean refused(Throwable t) {
    return t instanceof DatabaseException;
  }

  private <T> Future<T> onHost(Host host, String action, String password, Function<SqlConnection, Future<T>> work) {
    Pool pool;
    try {
      pool = poolFor(host);
    } catch (RuntimeException unusable) {
      return Future.failedFuture(failure(host, action, unusable, password));
    }
    return withDeadline(pool, conn -> run(conn, sessionLimits).compose(v -> work.apply(conn)))
        .onFailure(t -> {
          if (t instanceof DeadlineExceeded && pools.remove(host.id(), new HostPool(host.fingerprint(), pool))) {
            pool.close();
          }
        })
        .recover(t -> Future.failedFuture(failure(host, action, t, password)));
  }

  /**
   * The work's outcome, or {@link DeadlineExceeded} once the deadline passes; the caller then closes
   * the pool, which fails what still runs on it.
   */
  private <T> Future<T> withDeadline(Pool pool, Function<SqlConnection, Future<T>> work) {
    Promise<T> outcome = Promise.promise();
    long timer = vertx.setTimer(deadlineMs, id -> outcome.tryFail(new DeadlineExceeded(deadlineMs)));
    pool.withConnection(work).onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded()) {
        outcome.tryComplete(done.result());
      } else {
        outcome.tryFail(done.cause());
      }
    });
    return outcome.future();
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
            .setConnectionTimeout(deadlineMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout(IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS))
        .with(new NetClientOptions().setConnectTimeout(deadlineMs))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * A host that cannot be reached, or did not finish in time (its own limits or the deadline), is a
   * 503; anything else it refused is logged and a 500.
   */
  private TalonException failure(Host host, String action, Throwable t, String password) {
    if (t instanceof TalonException te) {
      return te;
    }
    String detail = scrub(describe(t), password);
    if (t instanceof DeadlineExceeded
        || t instanceof DatabaseException refused && HOST_TIME_LIMITS.contains(refused.getErrorCode())) {
      LOG.warn("Database host {} did not finish in time during {}: {}", host.id(), action, detail);
      return new TalonException(Failure.UNAVAILABLE,
          "The database host did not answer in time, please try again shortly.");
    }
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
