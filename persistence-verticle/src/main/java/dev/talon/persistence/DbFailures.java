package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.pgclient.PgException;
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
    LOG.warn("Database unavailable: {}", t.toString());
    return unavailable();
  }

  static TalonException unavailable() {
    return new TalonException(Failure.UNAVAILABLE, "The database is unavailable, please try again shortly.");
  }
}
