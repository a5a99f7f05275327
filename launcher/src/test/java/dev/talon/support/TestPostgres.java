package dev.talon.support;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests use, in this order: {@code TALON_TEST_DB_URI} (a server URI, any
 * database), a Testcontainers PostgreSQL when Docker runs, else the local server on 127.0.0.1:5432.
 * Each test class gets its own database, created by Talon itself and dropped by {@link #drop}. If no
 * server answers, tests fail: they are never skipped for want of Docker.
 */
public final class TestPostgres {

  private static PgConnectOptions server;

  private TestPostgres() {
  }

  public static synchronized PgConnectOptions server() {
    if (server != null) {
      return server;
    }
    String uri = System.getenv("TALON_TEST_DB_URI");
    if (uri != null && !uri.isBlank()) {
      server = PgConnectOptions.fromUri(uri);
    } else if (DockerClientFactory.instance().isDockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      server = new PgConnectOptions().setHost(container.getHost()).setPort(container.getFirstMappedPort())
          .setUser(container.getUsername()).setPassword(container.getPassword()).setDatabase(container.getDatabaseName());
    } else {
      server = PgConnectOptions.fromUri("postgresql://postgres@127.0.0.1:5432/postgres");
    }
    return server;
  }

  /** A fresh database name on the test server, as a Talon {@code db.uri} (Talon creates it). */
  public static String newDatabaseUri() {
    PgConnectOptions s = server();
    String name = "talon_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    return uri(s.getHost(), s.getPort(), name);
  }

  public static String uri(String host, int port, String database) {
    PgConnectOptions s = server();
    String credentials = s.getUser() + (s.getPassword() == null || s.getPassword().isEmpty() ? "" : ":" + s.getPassword());
    return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
  }

  public static String databaseOf(String uri) {
    return PgConnectOptions.fromUri(uri).getDatabase();
  }

  /** A JDBC connection to a database of the test server, for assertions on what Talon stored. */
  public static Connection connect(String database) throws SQLException {
    PgConnectOptions s = server();
    return DriverManager.getConnection("jdbc:postgresql://" + s.getHost() + ":" + s.getPort() + "/" + database,
        s.getUser(), s.getPassword());
  }

  public static void drop(String uri) {
    String database = databaseOf(uri);
    try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + database, e);
    }
  }
}
