package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.support.ClientRows;
import dev.talon.support.Http;
import dev.talon.support.Sql;
import dev.talon.support.TestMariaDb;
import dev.talon.support.TestNode;
import dev.talon.support.TestPostgres;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Changes that race on one server row, staged in a fixed order: the test holds a PostgreSQL row lock,
 * or slips a step in between two of Talon's, so that the interleaving that used to break an invariant
 * happens every time.
 */
class ServerRowLocksTest {

  private static final List<Integer> SERVERS = new ArrayList<>();
  private static final List<String> HOST_USERS = new ArrayList<>();
  private static TestNode node;
  private static ClientRows rows;
  private static int owner;
  private static String clientKey;
  private static String applicationKey;
  private static int hostId;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    rows = ClientRows.create(node);
    // the host names each database s<server id>_...: ids no other run on the shared MariaDB uses
    Sql.value(node, "SELECT setval('servers_id_seq', ?)", 10_000_000L + new SecureRandom().nextInt(80_000_000));
    owner = node.makeUser("lockowner", true);
    clientKey = node.makeKey(owner, "client", null);
    applicationKey = node.makeKey(owner, "application", new JsonObject().put("permissions", new JsonObject()
        .put("servers", 3).put("server_databases", 3).put("database_hosts", 3)));

    String password = TestMariaDb.randomPassword();
    String user = TestMariaDb.uniqueName("talon_l");
    HOST_USERS.add(user);
    TestMariaDb.execute(node.vertx, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
    TestMariaDb.execute(node.vertx, "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'%' WITH GRANT OPTION");
    MySQLConnectOptions mariadb = TestMariaDb.admin();
    Http.Response host = node.http.post("/api/application/database-hosts", applicationKey, new JsonObject()
        .put("name", "Locks").put("host", mariadb.getHost()).put("port", mariadb.getPort()).put("username", user)
        .put("password", password));
    assertEquals(201, host.status(), host.toString());
    hostId = host.json().getJsonObject("attributes").getInteger("id");
  }

  @AfterAll
  static void stop() {
    try {
      SERVERS.forEach(id -> TestMariaDb.dropServerObjects(node.vertx, id));
      HOST_USERS.forEach(user -> TestMariaDb.execute(node.vertx, "DROP USER IF EXISTS '" + user + "'@'%'"));
    } finally {
      node.close();
    }
  }

  private static ClientRows.Server server(String name) {
    ClientRows.Server server = rows.server(owner, name);
    SERVERS.add(server.id());
    return server;
  }

  /** Waits until a PostgreSQL session of the node waits on a row lock in a statement like {@code pattern}. */
  private static void awaitLockWait(String pattern) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Sql.count(node, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        + " AND wait_event_type = 'Lock' AND query LIKE ?", pattern) == 0) {
      assertTrue(System.nanoTime() < deadline, "no statement like " + pattern + " came to wait on a lock");
      Thread.sleep(20);
    }
  }

  @Test
  void aPrimaryAllocationRacingItsUnassignmentNeverPointsAtAFreeAllocation() throws Exception {
    ClientRows.Server server = server("primary-race");
    int spare = rows.allocation("10.0.0.1", 42001);
    Sql.execute(node, "UPDATE allocations SET server_id = ? WHERE id = ?", server.id(), spare);
    String spareUrl = "/api/client/servers/" + server.identifier() + "/network/allocations/" + spare;

    CompletableFuture<Http.Response> unassigned;
    CompletableFuture<Http.Response> primary;
    try (Connection holder = TestPostgres.connect(node.databaseName()); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      // the unassignment locks the server row, then waits here for the allocation row
      st.execute("SELECT 1 FROM allocations WHERE id = " + spare + " FOR UPDATE");
      unassigned = CompletableFuture.supplyAsync(() -> node.http.delete(spareUrl, clientKey));
      awaitLockWait("UPDATE allocations SET server_id = NULL%");
      // the primary change comes to wait on the server row the unassignment holds
      primary = CompletableFuture.supplyAsync(() -> node.http.post(spareUrl + "/primary", clientKey, null));
      awaitLockWait("% servers %");
      holder.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertEquals(204, unassigned.get(10, TimeUnit.SECONDS).status());
    Http.Response refused = primary.get(10, TimeUnit.SECONDS);
    assertEquals(404, refused.status(), refused.toString());
    assertEquals(server.allocationId(), ((Number) Sql.value(node, "SELECT allocation_id FROM servers WHERE id = ?",
        server.id())).intValue(), "the primary allocation is still the one the server holds");
    assertEquals(server.id(), ((Number) Sql.value(node, "SELECT a.server_id FROM servers s JOIN allocations a"
        + " ON a.id = s.allocation_id WHERE s.id = ?", server.id())).intValue());
  }

  /** While installed, a database is made on {@code serverId} just before the server's own deletion. */
  private static Handler<DeliveryContext<Object>> databaseMadeBeforeDeletion(int serverId, AtomicBoolean done) {
    return ctx -> {
      if (!Addresses.DB_SERVER_DELETE.equals(ctx.message().address()) || !done.compareAndSet(false, true)) {
        ctx.next();
        return;
      }
      Bus.request(node.vertx.eventBus(), Addresses.DB_DATABASE_INSERT, new JsonObject().put("server_id", serverId)
          .put("database", "late").put("remote", "%").put("host", hostId), 10_000)
          .onComplete(made -> ctx.next());
    };
  }

  private void assertDeletionRefusedWhileADatabaseIsLeft(String suffix) {
    ClientRows.Server server = server("delete-race" + suffix.replace('/', '-'));
    Http.Response first = node.http.post("/api/application/servers/" + server.id() + "/databases", applicationKey,
        new JsonObject().put("database", "first").put("remote", "%").put("host", hostId));
    assertEquals(201, first.status(), first.toString());
    String late = "s" + server.id() + "_late";

    AtomicBoolean made = new AtomicBoolean();
    Handler<DeliveryContext<Object>> interceptor = databaseMadeBeforeDeletion(server.id(), made);
    node.vertx.eventBus().addInboundInterceptor(interceptor);
    Http.Response refused;
    try {
      refused = node.http.delete("/api/application/servers/" + server.id() + suffix, applicationKey);
    } finally {
      node.vertx.eventBus().removeInboundInterceptor(interceptor);
    }
    assertTrue(made.get(), "the database was made between the two steps");
    assertEquals(409, refused.status(), refused.toString());
    assertEquals("ConflictHttpException", refused.error().getString("code"));
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM servers WHERE id = ?", server.id()), "the server stays");
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server.id()),
        "the late database keeps its record");
    assertTrue(TestMariaDb.databaseExists(node.vertx, late));
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server.id() + "_first"), "dropped before the race");

    Http.Response deleted = node.http.delete("/api/application/servers/" + server.id() + suffix, applicationKey);
    assertEquals(204, deleted.status(), deleted.toString());
    assertFalse(TestMariaDb.databaseExists(node.vertx, late), "dropped on its host by the second attempt");
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server.id()));
  }

  @Test
  void aServerDeletionNeverForgetsADatabaseMadeMeanwhile() {
    assertDeletionRefusedWhileADatabaseIsLeft("");
  }

  @Test
  void aForcedServerDeletionNeverForgetsADatabaseMadeMeanwhile() {
    assertDeletionRefusedWhileADatabaseIsLeft("/force");
  }
}
