package dev.talon.persistence;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the database when it is missing and applies the versioned migrations with Flyway. Both
 * are blocking JDBC work: call them from a worker thread only.
 */
public final class DatabaseSetup {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseSetup.class);
  private static final String MAINTENANCE_DATABASE = "postgres";

  private final PgConnectOptions options;

  public DatabaseSetup(PgConnectOptions options) {
    this.options = options;
  }

  public static String jdbcUrl(PgConnectOptions options, String database) {
    String host = options.getHost().contains(":") ? "[" + options.getHost() + "]" : options.getHost();
    return "jdbc:postgresql://" + host + ":" + options.getPort() + "/" + database;
  }

  private Properties credentials() {
    Properties props = new Properties();
    props.setProperty("user", options.getUser());
    if (options.getPassword() != null) {
      props.setProperty("password", options.getPassword());
    }
    props.setProperty("connectTimeout", "10");
    return props;
  }

  /** Creates the configured database unless it exists; returns true when it was created. */
  public boolean ensureDatabase() throws SQLException {
    String name = options.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbcUrl(options, MAINTENANCE_DATABASE), credentials())) {
      try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return false;
          }
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        LOG.info("Created database {}", name);
        return true;
      } catch (SQLException e) {
        if ("42P04".equals(e.getSQLState())) {
          return false;
        }
        throw e;
      }
    }
  }

  /** Applies pending migrations; returns how many were applied. */
  public int migrate() {
    Flyway flyway = Flyway.configure()
        .dataSource(jdbcUrl(options, options.getDatabase()), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .load();
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("Applied {} migration(s); schema now at version {}", result.migrationsExecuted, result.targetSchemaVersion);
    }
    return result.migrationsExecuted;
  }
}
