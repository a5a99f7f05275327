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

  static TalonException map(Throwable t) {
    if (t instanceof TalonException te) {
      return te;
    }
    if (t instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
        LOG.warn("Database unavailable: {}", pg.getMessage());
        return unavailable();
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

  /** The database cannot be reached, the connection dropped, or no connection came in time. */
  private static boolean isConnectionFailure(Throwable t) {
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof IOException || c instanceof ClosedConnectionException
          || c instanceof io.netty.channel.ConnectTimeoutException || c instanceof TimeoutException) {
        return true;
      }
      String name = c.getClass().getSimpleName();
      String message = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (name.contains("Timeout") || message.contains("closed") || message.contains("connection")
          || message.contains("timeout") || message.contains("timed out")) {
        return true;
      }
    }
    return false;
  }

  static TalonException unavailable() {
    return new TalonException(Failure.UNAVAILABLE, "The database is unavailable, please try again shortly.");
  }
}
