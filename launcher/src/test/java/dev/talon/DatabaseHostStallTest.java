package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.PanelRows;
import dev.talon.support.Sql;
import dev.talon.support.StallingProxy;
import dev.talon.support.TestMariaDb;
import dev.talon.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Server databases on a database host that stops answering: the host reached through a proxy that
 * goes silent after the handshake, or holding a lock. Every operation answers within its deadline
 * with a clear 503, leaves the record and the host as they were, and the PostgreSQL pool keeps
 * serving other requests meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseHostStallTest {

  private static final int DEADLINE_MS = 1500;
  /** What a host that did not finish in time answers. */
  private static final String HOST_TIMEOUT = "The database host did not answer in time, please try again shortly.";
  private static final String BUSY = "Too many database host operations are under way, please try again shortly.";
  /** What an operation gets when a stalled neighbour's deadline closed the host's pool under it. */
  private static final String UNREACHABLE = "The database host could not be reached, please try again shortly.";

  private static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
  private static final List<Integer> SERVERS = new ArrayList<>();
  private static final List<String> HOST_USERS = new ArrayList<>();
  private static Vertx proxyVertx;
  private static StallingProxy proxy;
  private static TestNode node;
  private static PanelRows rows;
  private static String key;
  private static String clientKey;
  private static int hostA;
  private static int hostB;

  @BeforeAll
  static void start() {
    MySQLConnectOptions mariadb = TestMariaDb.admin();
    proxyVertx = Vertx.vertx();
    proxy = StallingProxy.start(proxyVertx, mariadb.getHost(), mariadb.getPort());
    node = TestNode.start(Map.of("db.host-timeout-ms", String.valueOf(DEADLINE_MS)));
    int admin = node.makeUser("stalladmin", true);
    key = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject()
        .put("server_databases", 3).put("database_hosts", 3).put("locations", 3)));
    clientKey = node.makeKey(admin, "client", null);
    Http.Response location = node.http.post("/api/application/locations", key, new JsonObject().put("short", "stall"));
    assertEquals(201, location.status(), location.toString());
    rows = new PanelRows(node, admin, location.json().getJsonObject("attributes").getInteger("id"));

    String password = remembered(TestMariaDb.randomPassword());
    String user = TestMariaDb.uniqueName("talon_s");
    HOST_USERS.add(user);
    TestMariaDb.execute(node.vertx, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
    TestMariaDb.execute(node.vertx, "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'%' WITH GRANT OPTION");
    hostA = host("Stalling A", user, password);
    hostB = host("Stalling B", user, password);
  }

  @AfterAll
  static void stop() {
    try {
      proxy.close();
      proxyVertx.close().await();
      SERVERS.forEach(id -> TestMariaDb.dropServerObjects(node.vertx, id));
      HOST_USERS.forEach(user -> TestMariaDb.execute(node.vertx, "DROP USER IF EXISTS '" + user + "'@'%'"));
    } finally {
      node.close();
    }
  }

  private static int host(String name, String user, String password) {
    Http.Response r = node.http.post("/api/application/database-hosts", key, new JsonObject().put("name", name)
        .put("host", "127.0.0.1").put("port", proxy.port()).put("username", user).put("password", password));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  private static int server() {
    int id = rows.server(null);
    SERVERS.add(id);
    return id;
  }

  private static String databases(int serverId) {
    return "/api/application/servers/" + serverId + "/databases";
  }

  private static Http.Response post(int serverId, String name, int host) {
    return node.http.post(databases(serverId), key, new JsonObject().put("database", name).put("remote", "%")
        .put("host", host));
  }

  private static JsonObject create(int serverId, String name) {
    Http.Response r = post(serverId, name, hostA);
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  private static String password(int serverId, int databaseId) {
    Http.Response r = node.http.get(databases(serverId) + "/" + databaseId + "?include=password", key);
    assertEquals(200, r.status(), r.toString());
    return remembered(r.json().getJsonObject("attributes").getJsonObject("relationships").getJsonObject("password")
        .getJsonObject("attributes").getString("password"));
  }

  private static String remembered(String password) {
    PASSWORDS.add(password);
    LogCapture.rememberSecret(password);
    return password;
  }

  private static void assertAnsweredInTime(Http.Response r, long elapsedMs, Set<String> details, long withinMs) {
    assertEquals(503, r.status(), r.toString());
    assertEquals("ServiceUnavailableHttpException", r.error().getString("code"));
    assertTrue(details.contains(r.error().getString("detail")), r.toString());
    assertTrue(elapsedMs < withinMs, "answered after " + elapsedMs + " ms");
  }

  /** Talon closed each connection that went silent (once it gave up on it, not when the host would). */
  private static void assertStalledConnectionsClosed() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (proxy.stalledOpen() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertEquals(0, proxy.stalledOpen(), "silent connections Talon left open");
  }

  private static long since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static boolean hostUsersOf(int serverId) {
    return !TestMariaDb.query(node.vertx, "SELECT User FROM mysql.user WHERE User LIKE ?", "u" + serverId + "\\_%")
        .isEmpty();
  }

  @Test
  void aCreationStalledAfterTheHandshakeIsUndoneInTime() {
    int server = server();
    int stalledBefore = proxy.stalled();
    proxy.stallOn("GRANT", 1);
    long start = System.nanoTime();
    Http.Response stalled = post(server, "stalled", hostA);
    assertAnsweredInTime(stalled, since(start), Set.of(HOST_TIMEOUT), DEADLINE_MS * 2L + 1000);
    assertEquals(stalledBefore + 1, proxy.stalled(), "the database and its user were made, the grant never arrived");
    assertStalledConnectionsClosed();
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server));
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server + "_stalled"), "the database made was dropped");
    assertFalse(hostUsersOf(server), "the user made was dropped");

    JsonObject again = create(server, "stalled");
    assertTrue(TestMariaDb.databaseExists(node.vertx, again.getString("database")));
  }

  @Test
  void aClientCreationStalledIsUndoneInTime() {
    int server = server();
    String identifier = (String) Sql.value(node, "SELECT uuid_short FROM servers WHERE id = ?", server);
    proxy.stallOn("GRANT", 1);
    long start = System.nanoTime();
    Http.Response stalled = node.http.post("/api/client/servers/" + identifier + "/databases", clientKey,
        new JsonObject().put("database", "clientside").put("remote", "%"));
    assertAnsweredInTime(stalled, since(start), Set.of(HOST_TIMEOUT), DEADLINE_MS * 2L + 1000);
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server));
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server + "_clientside"));
    assertFalse(hostUsersOf(server));
  }

  @Test
  void aPasswordResetStalledPutsTheOldUserBack() {
    int server = server();
    JsonObject db = create(server, "reset");
    String path = databases(server) + "/" + db.getInteger("id") + "/reset-password";
    String before = password(server, db.getInteger("id"));

    // the user is dropped and made anew before the grant goes silent
    proxy.stallOn("GRANT", 1);
    long start = System.nanoTime();
    Http.Response stalled = node.http.post(path, key, null);
    assertAnsweredInTime(stalled, since(start), Set.of(HOST_TIMEOUT), DEADLINE_MS * 2L + 1000);
    assertEquals(before, password(server, db.getInteger("id")), "the record keeps the old password");
    TestMariaDb.executeAs(node.vertx, db.getString("username"), before, db.getString("database"),
        "CREATE TABLE still_mine (id INT)");

    Http.Response reset = node.http.post(path, key, null);
    assertEquals(204, reset.status(), reset.toString());
    String after = password(server, db.getInteger("id"));
    assertNotEquals(before, after);
    assertTrue(TestMariaDb.canLogIn(node.vertx, db.getString("username"), after));
  }

  @Test
  void aDeletionStalledKeepsTheRecordForARetry() {
    int server = server();
    JsonObject db = create(server, "gone");
    String path = databases(server) + "/" + db.getInteger("id");
    proxy.stallOn("DROP DATABASE", 1);
    long start = System.nanoTime();
    Http.Response stalled = node.http.delete(path, key);
    assertAnsweredInTime(stalled, since(start), Set.of(HOST_TIMEOUT), DEADLINE_MS + 1000);
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE id = ?", db.getInteger("id")));
    assertTrue(TestMariaDb.databaseExists(node.vertx, db.getString("database")));

    Http.Response deleted = node.http.delete(path, key);
    assertEquals(204, deleted.status(), deleted.toString());
    assertFalse(TestMariaDb.databaseExists(node.vertx, db.getString("database")));
    assertFalse(TestMariaDb.userExists(node.vertx, db.getString("username")));
  }

  @Test
  void aHostWaitingOnALockGivesUpByItself() {
    int server = server();
    JsonObject db = create(server, "locked");
    String database = db.getString("database");
    TestMariaDb.execute(node.vertx, "CREATE TABLE `" + database + "`.t (id INT)");
    MySQLConnection holder = MySQLConnection.connect(node.vertx, TestMariaDb.admin()).await();
    try {
      holder.query("START TRANSACTION").execute().await();
      holder.query("SELECT * FROM `" + database + "`.t").execute().await();
      long start = System.nanoTime();
      Http.Response waited = node.http.delete(databases(server) + "/" + db.getInteger("id"), key);
      assertAnsweredInTime(waited, since(start), Set.of(HOST_TIMEOUT), DEADLINE_MS + 1000);
      // 1205: lock_wait_timeout, 1969: max_statement_time, whichever the host applies first
      assertTrue(LogCapture.lines().stream().anyMatch(line -> line.contains("database deletion")
          && (line.contains("[1205]") || line.contains("[1969]"))), "the host's own limit ended the statement");
    } finally {
      holder.query("COMMIT").execute().await();
      holder.close().await();
    }
    assertTrue(TestMariaDb.databaseExists(node.vertx, database));
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE id = ?", db.getInteger("id")),
        "the record stays: the client was told the deletion failed");
    assertEquals(204, node.http.delete(databases(server) + "/" + db.getInteger("id"), key).status());
    assertFalse(TestMariaDb.databaseExists(node.vertx, database));
  }

  @Test
  void stalledOperationsLeaveThePostgresPoolToOthers() throws Exception {
    int creations = 6;
    List<Integer> servers = new ArrayList<>();
    for (int i = 0; i < creations; i++) {
      servers.add(server());
    }
    int probe = server();
    proxy.stallOn("GRANT", creations);
    ExecutorService callers = Executors.newFixedThreadPool(creations);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < creations; i++) {
        int server = servers.get(i);
        int host = i % 2 == 0 ? hostA : hostB;
        answers.add(callers.submit(() -> {
          long start = System.nanoTime();
          Http.Response r = post(server, "crowd", host);
          assertAnsweredInTime(r, since(start), Set.of(HOST_TIMEOUT, BUSY, UNREACHABLE), DEADLINE_MS * 4L + 1000);
          return r.status();
        }));
      }
      Thread.sleep(300);
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Http.Response listed = node.http.get(databases(probe), key);
        assertEquals(200, listed.status(), listed.toString());
        assertTrue(since(start) < 1000, "a request that needs only PostgreSQL waited " + since(start) + " ms");
        Thread.sleep(200);
      }
      for (Future<Integer> answer : answers) {
        answer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      proxy.stallNothing();
      callers.shutdownNow();
    }
    assertStalledConnectionsClosed();
    for (int server : servers) {
      assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server));
      assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server + "_crowd"));
      assertFalse(hostUsersOf(server));
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void noPasswordReachedAnyLogLine() {
    assertTrue(PASSWORDS.size() >= 3, "passwords to look for: " + PASSWORDS.size());
    for (String line : LogCapture.lines()) {
      for (String password : PASSWORDS) {
        assertFalse(line.contains(password), "a password was logged: " + line.replace(password, "<password>"));
      }
    }
  }
}
