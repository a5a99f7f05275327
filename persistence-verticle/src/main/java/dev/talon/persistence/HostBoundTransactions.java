package dev.talon.persistence;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * PostgreSQL transactions that wait on a database host while they hold rows (a server's, a
 * database's), so that a record and the host's objects change together. A host that stalls must
 * neither pin the shared pool nor keep rows locked for long, hence:
 * <ul>
 *   <li>at most {@code concurrent} of them hold a connection at once; the others wait their turn for
 *   up to one deadline, then fail with 503;</li>
 *   <li>each waits for a row lock, or runs one statement, for up to one deadline
 *   ({@code lock_timeout}, {@code statement_timeout}), and PostgreSQL itself ends the session of one
 *   left idle in its transaction for three (only a fault of Talon's could leave it so: the host's work
 *   and the undoing of it take two at the most, see {@link DatabaseHostClient}).</li>
 * </ul>
 * So one answers within four deadlines: its turn, its locks, the host's work, the undo.
 */
final class HostBoundTransactions {

  private static final String LIMITS = "SELECT set_config('lock_timeout', $1, true), "
      + "set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)";

  private final Vertx vertx;
  private final Db db;
  private final long deadlineMs;
  private final int concurrent;
  private final Deque<Promise<Void>> waiting = new ArrayDeque<>();
  private int running;

  HostBoundTransactions(Vertx vertx, Db db, long deadlineMs, int concurrent) {
    this.vertx = vertx;
    this.db = db;
    this.deadlineMs = deadlineMs;
    this.concurrent = concurrent;
  }

  <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    Tuple limits = Tuple.of(deadlineMs + "ms", 3 * deadlineMs + "ms");
    return turn().compose(v -> db.inTransaction(conn -> db.query(conn, LIMITS, limits).compose(set -> work.apply(conn)))
        .onComplete(done -> release()));
  }

  private Future<Void> turn() {
    Promise<Void> turn = Promise.promise();
    synchronized (this) {
      if (running < concurrent) {
        running++;
        return Future.succeededFuture();
      }
      waiting.add(turn);
    }
    long timer = vertx.setTimer(deadlineMs, id -> {
      boolean gaveUp;
      synchronized (this) {
        gaveUp = waiting.remove(turn);
      }
      if (gaveUp) {
        turn.fail(new TalonException(Failure.UNAVAILABLE,
            "Too many database host operations are under way, please try again shortly."));
      }
    });
    return turn.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /** Hands the turn to the oldest waiting transaction, if any. */
  private void release() {
    Promise<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.complete();
    }
  }
}
