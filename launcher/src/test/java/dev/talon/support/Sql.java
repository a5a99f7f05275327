package dev.talon.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Short SQL probes and edits against a node's database, for what the API cannot show. */
public final class Sql {

  private Sql() {
  }

  /** Runs a statement with parameters; answers the update count. */
  public static int execute(TestNode node, String sql, Object... params) {
    try (Connection c = TestPostgres.connect(node.databaseName()); PreparedStatement st = c.prepareStatement(sql)) {
      bind(st, params);
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public static Object value(TestNode node, String sql, Object... params) {
    try (Connection c = TestPostgres.connect(node.databaseName()); PreparedStatement st = c.prepareStatement(sql)) {
      bind(st, params);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static long count(TestNode node, String sql, Object... params) {
    return ((Number) value(node, sql, params)).longValue();
  }

  /** A {@code timestamptz} column of the first row as an instant, or null. */
  public static Instant instant(TestNode node, String sql, Object... params) {
    Object v = value(node, sql, params);
    if (v == null) {
      return null;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    throw new IllegalStateException("not a timestamp: " + v.getClass());
  }

  /** The 16 characters after the prefix of a key or public identifier: the {@code identifier} column. */
  public static String storedIdentifier(String keyOrPublicIdentifier) {
    return keyOrPublicIdentifier.substring(5, 21);
  }

  private static void bind(PreparedStatement st, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      st.setObject(i + 1, params[i]);
    }
  }
}
