package dev.talon.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one way statements reach the pool: counts them (the benchmark reads the count to prove a
 * cached key costs no query) and turns driver failures into Talon failures.
 */
final class Db {

  private final Pool pool;
  private final AtomicLong statements;

  Db(Pool pool, AtomicLong statements) {
    this.pool = pool;
    this.statements = statements;
  }

  Future<RowSet<Row>> query(String sql, Tuple params) {
    statements.incrementAndGet();
    return pool.preparedQuery(sql).execute(params).recover(Db::fail);
  }

  Future<RowSet<Row>> query(SqlConnection conn, String sql, Tuple params) {
    statements.incrementAndGet();
    return conn.preparedQuery(sql).execute(params);
  }

  Future<RowSet<Row>> batch(String sql, java.util.List<Tuple> rows) {
    statements.incrementAndGet();
    return pool.preparedQuery(sql).executeBatch(rows).recover(Db::fail);
  }

  <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work).recover(Db::fail);
  }

  /** Constraint violations stay as they are, for the store to name the field or rule; the rest is mapped. */
  private static <T> Future<T> fail(Throwable t) {
    return Future.failedFuture(DbFailures.isConstraintViolation(t) ? t : DbFailures.map(t));
  }

  long statements() {
    return statements.get();
  }
}
