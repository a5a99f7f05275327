package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what the PostgreSQL client reports into Talon failures: an outage is a 503, not a 500. */
final class DbFailures {

  private static final Logger LOG = LoggerFactory.getLogger(DbFailures.class);

  private DbFailures() {
  }

  static final String UNIQUE_VIOLATION = "23505";

  static boolean isUniqueViolation(Throwable t, String constraint) {
    return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }

  static final String FOREIGN_KEY_VIOLATION = "23503";

  /** A row still referenced (delete refused) or a reference to a missing row (insert refused). */
  static boolean isForeignKeyViolation(Throwable t) {
    return t instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }

  /** Constraint violations a store turns into a precise answer; the rest is mapped at once. */
  static boolean isConstraintViolation(Throwable t) {
    return isUniqueViolation(t, null) || isForeignKeyViolation(t);
  }

  static TalonException map(Throwable t) {
    if (t instanceof TalonException te) {
      return te;
    }
    if (t instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      if (isUnavailableState(state)) {
        LOG.warn("Database unavailable: {}", pg.getMessage());
        return unavailable();
      }
      if (state.equals("22021") || state.equals("22P05")) {
        // text the database cannot hold (a NUL character): the request's fault, and it says nothing secret
        return new TalonException(Failure.BAD_REQUEST, "The request contains characters that cannot be stored.");
      }
      LOG.error("Database statement failed ({})", state, pg);
      return new TalonException(Failure.INTERNAL);
    }
    if (isConnectionFailure(t)) {
      LOG.warn("Database unavailable: {}", t.toString());
      return unavailable();
    }
    LOG.error("Database operation failed", t);
    return new TalonException(Failure.INTERNAL);
  }

  /**
   * SQLSTATEs that mean "try again later", not "this statement is wrong": connection exceptions,
   * operator intervention and query cancellation (timeouts), resources, serialization failures and
   * deadlocks, a row lock not had within {@code lock_timeout}, a read-only server after a failover,
   * refused logins and a missing database.
   */
  private static boolean isUnavailableState(String state) {
    return state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.startsWith("28")
        || state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("25006")
        || state.equals("3D000");
  }

  /** The database cannot be reached, the connection dropped, or no connection came in time. */
  static boolean isConnectionFailure(Throwable t) {
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof IOException || c instanceof ClosedConnectionException
          || c instanceof io.netty.channel.ConnectTimeoutException || c instanceof TimeoutException
          || c.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  static TalonException unavailable() {
    return new TalonException(Failure.UNAVAILABLE, "The database is unavailable, please try again shortly.");
  }
}
