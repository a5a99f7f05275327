package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Failure;
import dev.talon.contracts.SecretBox;
import dev.talon.contracts.TalonException;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.PanelRows;
import dev.talon.support.Sql;
import dev.talon.support.TestMariaDb;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /api/application/servers/:id/databases} against a real MariaDB: each database, user and
 * grant exists on the host, the returned credentials log in, and a reset or delete takes effect there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerDatabasesTest {

  private static final String[] KEYS = new String[4];
  private static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
  private static final List<Integer> SERVERS = new ArrayList<>();
  private static final List<String> HOST_USERS = new ArrayList<>();
  private static TestNode node;
  private static PanelRows rows;
  private static String hostAdmin;
  private static String hostPassword;
  private static int hostId;
  /** Reads server databases but not hosts. */
  private static String hostBlindKey;
  /** The admin's client key: the Client API shows the databases' hashids. */
  private static String adminClientKey;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    int admin = node.makeUser("dbadmin", true);
    for (int level = 0; level <= 3; level++) {
      KEYS[level] = node.makeKey(admin, "application", new JsonObject().put("permissions",
          new JsonObject().put("server_databases", level).put("database_hosts", 3).put("locations", 3)));
    }
    hostBlindKey = node.makeKey(admin, "application", new JsonObject().put("permissions",
        new JsonObject().put("server_databases", 1)));
    adminClientKey = node.makeKey(admin, "client", null);
    Http.Response location = node.http.post("/api/application/locations", KEYS[3], new JsonObject().put("short", "db-srv"));
    assertEquals(201, location.status(), location.toString());
    rows = new PanelRows(node, admin, location.json().getJsonObject("attributes").getInteger("id"));

    hostPassword = remembered(TestMariaDb.randomPassword());
    hostAdmin = hostUser("ALL PRIVILEGES", hostPassword);
    hostId = createHost("Primary", hostAdmin, hostPassword);
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

  /** A MariaDB account with {@code privileges} on everything, to serve as a host's admin user. */
  private static String hostUser(String privileges, String password) {
    String user = TestMariaDb.uniqueName("talon_h");
    HOST_USERS.add(user);
    TestMariaDb.execute(node.vertx, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
    TestMariaDb.execute(node.vertx, "GRANT " + privileges + " ON *.* TO '" + user + "'@'%'"
        + (privileges.startsWith("ALL") ? " WITH GRANT OPTION" : ""));
    return user;
  }

  private static int createHost(String name, String user, String password) {
    MySQLConnectOptions server = TestMariaDb.admin();
    Http.Response r = node.http.post("/api/application/database-hosts", KEYS[3], new JsonObject().put("name", name)
        .put("host", server.getHost()).put("port", server.getPort()).put("username", user).put("password", password));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  private static String remembered(String password) {
    PASSWORDS.add(password);
    LogCapture.rememberSecret(password);
    return password;
  }

  private static int server(Integer databaseLimit) {
    int id = rows.server(databaseLimit);
    SERVERS.add(id);
    return id;
  }

  private static String databases(int serverId) {
    return "/api/application/servers/" + serverId + "/databases";
  }

  private static Http.Response post(int serverId, String name, String key) {
    return node.http.post(databases(serverId), key, new JsonObject().put("database", name).put("remote", "%").put("host", hostId));
  }

  private static JsonObject create(int serverId, String name) {
    Http.Response r = post(serverId, name, KEYS[2]);
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  private static String password(int serverId, int databaseId) {
    Http.Response r = node.http.get(databases(serverId) + "/" + databaseId + "?include=password", KEYS[1]);
    assertEquals(200, r.status(), r.toString());
    JsonObject included = r.json().getJsonObject("attributes").getJsonObject("relationships").getJsonObject("password");
    assertEquals("database_password", included.getString("object"));
    return remembered(included.getJsonObject("attributes").getString("password"));
  }

  @Test
  void aCreatedDatabaseExistsOnTheHostAndItsUserCanUseIt() {
    int server = server(null);
    Http.Response created = post(server, "main", KEYS[2]);
    assertEquals(201, created.status(), created.toString());
    JsonObject body = created.json();
    assertEquals("server_database", body.getString("object"));
    JsonObject a = body.getJsonObject("attributes");
    assertEquals(List.of("id", "server", "host", "database", "username", "remote", "max_connections", "created_at",
        "updated_at"), List.copyOf(a.fieldNames()));
    assertEquals(server, a.getInteger("server"));
    assertEquals(hostId, a.getInteger("host"));
    String database = "s" + server + "_main";
    assertEquals(database, a.getString("database"));
    String username = a.getString("username");
    assertTrue(username.matches("u" + server + "_[A-Za-z0-9]{10}"), username);
    assertEquals("%", a.getString("remote"));
    assertTrue(body.getJsonObject("meta").getString("resource").endsWith(databases(server) + "/" + a.getInteger("id")));
    assertTrue(TestMariaDb.databaseExists(node.vertx, database), "SHOW DATABASES lists it");

    String password = password(server, a.getInteger("id"));
    assertTrue(password.matches("[A-Za-z0-9!@=.+^]{24}"), password.length() + " characters");
    long specials = password.chars().filter(c -> "!@=.+^".indexOf(c) >= 0).count();
    assertTrue(specials >= 2 && specials <= 6, specials + " special characters");
    TestMariaDb.executeAs(node.vertx, username, password, database, "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)");
    TestMariaDb.executeAs(node.vertx, username, password, database, "INSERT INTO notes VALUES (1, 'hello')");
    assertEquals("hello", TestMariaDb.executeAs(node.vertx, username, password, database, "SELECT body FROM notes")
        .get(0).getString("body"));
    assertThrows(RuntimeException.class, () -> TestMariaDb.executeAs(node.vertx, username, password, null,
        "SELECT * FROM mysql.user"), "the user reaches its own database only");

    String stored = (String) Sql.value(node, "SELECT password FROM databases WHERE id = ?", a.getInteger("id"));
    assertTrue(stored.startsWith("v1:") && !stored.contains(password), "the password is stored sealed");

    JsonObject listed = node.http.get(databases(server), KEYS[1]).json();
    assertEquals("list", listed.getString("object"));
    assertEquals(1, listed.getJsonArray("data").size());
    assertNull(listed.getJsonObject("meta"), "not paginated");
    assertEquals(a.getInteger("max_connections"), listed.getJsonArray("data").getJsonObject(0)
        .getJsonObject("attributes").getInteger("max_connections"));
  }

  @Test
  void aNameIsCutTo48CharactersAndItsWildcardsGrantNothingElse() {
    int server = server(null);
    JsonObject longName = create(server, "x".repeat(48));
    assertEquals(48, longName.getString("database").length());
    assertTrue(TestMariaDb.databaseExists(node.vertx, longName.getString("database")));

    // unescaped, the grant on s<id>__x would also cover s<id>ABx
    JsonObject underscored = create(server, "_x");
    String neighbour = "s" + server + "abx";
    TestMariaDb.execute(node.vertx, "CREATE DATABASE `" + neighbour + "`");
    try {
      String password = password(server, underscored.getInteger("id"));
      String user = underscored.getString("username");
      TestMariaDb.executeAs(node.vertx, user, password, underscored.getString("database"), "CREATE TABLE t (id INT)");
      assertThrows(RuntimeException.class, () -> TestMariaDb.executeAs(node.vertx, user, password, neighbour,
          "CREATE TABLE t (id INT)"));
    } finally {
      TestMariaDb.execute(node.vertx, "DROP DATABASE IF EXISTS `" + neighbour + "`");
    }
  }

  @Test
  void resetPasswordReplacesItOnTheHost() {
    int server = server(null);
    JsonObject db = create(server, "reset");
    String before = password(server, db.getInteger("id"));
    assertTrue(TestMariaDb.canLogIn(node.vertx, db.getString("username"), before));

    assertEquals(403, node.http.post(databases(server) + "/" + db.getInteger("id") + "/reset-password", KEYS[1], null).status());
    Http.Response reset = node.http.post(databases(server) + "/" + db.getInteger("id") + "/reset-password", KEYS[2], null);
    assertEquals(204, reset.status(), reset.toString());
    assertEquals("", reset.body());
    String after = password(server, db.getInteger("id"));
    assertNotEquals(before, after);
    assertFalse(TestMariaDb.canLogIn(node.vertx, db.getString("username"), before), "the old password is refused");
    TestMariaDb.executeAs(node.vertx, db.getString("username"), after, db.getString("database"), "CREATE TABLE t (id INT)");
  }

  @Test
  void deleteDropsTheDatabaseAndItsUser() {
    int server = server(null);
    JsonObject db = create(server, "gone");
    String path = databases(server) + "/" + db.getInteger("id");
    assertEquals(403, node.http.delete(path, KEYS[2]).status());
    assertTrue(TestMariaDb.databaseExists(node.vertx, db.getString("database")));
    Http.Response deleted = node.http.delete(path, KEYS[3]);
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals("", deleted.body());
    assertFalse(TestMariaDb.databaseExists(node.vertx, db.getString("database")));
    assertFalse(TestMariaDb.userExists(node.vertx, db.getString("username")));
    assertEquals(404, node.http.get(path, KEYS[1]).status());
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE id = ?", db.getInteger("id")));
  }

  @Test
  void limitsZeroBlocksAndNIsTheMost() {
    int blocked = server(0);
    Http.Response refused = post(blocked, "none", KEYS[2]);
    assertEquals(400, refused.status(), refused.toString());
    assertEquals("TooManyDatabasesException", refused.error().getString("code"));
    assertEquals("Operation aborted: creating a new database would put this server over the defined limit.",
        refused.error().getString("detail"));
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + blocked + "_none"));

    int one = server(1);
    create(one, "first");
    Http.Response second = post(one, "second", KEYS[2]);
    assertEquals(400, second.status(), second.toString());
    assertEquals("TooManyDatabasesException", second.error().getString("code"));
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", one));
  }

  @Test
  void aDuplicateNameIsRefused() {
    int server = server(null);
    create(server, "dup");
    Http.Response again = post(server, "dup", KEYS[2]);
    assertEquals(400, again.status(), again.toString());
    assertEquals("DuplicateDatabaseNameException", again.error().getString("code"));
    assertEquals("A database with that name already exists for this server.", again.error().getString("detail"));
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server));
  }

  @Test
  void aDatabaseOfAnotherServerOrAMissingServerIs404() {
    int owner = server(null);
    int other = server(null);
    JsonObject db = create(owner, "mine");
    String foreign = databases(other) + "/" + db.getInteger("id");
    assertEquals(404, node.http.get(foreign, KEYS[3]).status());
    assertEquals(404, node.http.post(foreign + "/reset-password", KEYS[3], null).status());
    assertEquals(404, node.http.delete(foreign, KEYS[3]).status());
    assertTrue(TestMariaDb.databaseExists(node.vertx, db.getString("database")), "untouched");
    assertEquals(200, node.http.get(databases(owner) + "/" + db.getInteger("id"), KEYS[1]).status());

    Http.Response missing = node.http.get(databases(999_999_999), KEYS[1]);
    assertEquals(404, missing.status());
    assertEquals("NotFoundHttpException", missing.error().getString("code"));
    assertEquals(404, node.http.post(databases(999_999_999), KEYS[3], new JsonObject()).status(),
        "the server is looked up before the body is validated");
    assertEquals(404, node.http.get(databases(owner) + "/nope", KEYS[1]).status());
  }

  @Test
  void theDatabaseInThePathMayAlsoBeTheClientApisHashid() {
    int owner = server(null);
    int other = server(null);
    JsonObject db = create(owner, "hashed");
    String identifier = (String) Sql.value(node, "SELECT uuid_short FROM servers WHERE id = ?", owner);
    Http.Response listed = node.http.get("/api/client/servers/" + identifier + "/databases", adminClientKey);
    assertEquals(200, listed.status(), listed.toString());
    String hashid = listed.json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes").getString("id");
    assertNotEquals(String.valueOf(db.getInteger("id")), hashid);

    Http.Response viewed = node.http.get(databases(owner) + "/" + hashid, KEYS[1]);
    assertEquals(200, viewed.status(), viewed.toString());
    assertEquals(db.getInteger("id"), viewed.json().getJsonObject("attributes").getInteger("id"));
    String foreign = databases(other) + "/" + hashid;
    assertEquals(404, node.http.get(foreign, KEYS[3]).status(), "still scoped to the server");
    assertEquals(404, node.http.post(foreign + "/reset-password", KEYS[3], null).status());
    assertEquals(404, node.http.delete(foreign, KEYS[3]).status());
    // with any salt, at least one of these decodes to a number past 2^53, which Hashids cannot encode back
    for (char c : "Zz9aQx".toCharArray()) {
      Http.Response madeUp = node.http.get(databases(owner) + "/" + String.valueOf(c).repeat(12), KEYS[1]);
      assertEquals(404, madeUp.status(), "a made-up hashid names nothing: " + madeUp);
    }

    String before = password(owner, db.getInteger("id"));
    assertEquals(204, node.http.post(databases(owner) + "/" + hashid + "/reset-password", KEYS[2], null).status());
    assertNotEquals(before, password(owner, db.getInteger("id")));
    assertEquals(204, node.http.delete(databases(owner) + "/" + hashid, KEYS[3]).status());
    assertFalse(TestMariaDb.databaseExists(node.vertx, db.getString("database")));
  }

  @Test
  void validationUsesPterodactylsRulesAndLabels() {
    int server = server(null);
    Http.Response empty = node.http.post(databases(server), KEYS[2], new JsonObject());
    assertEquals(422, empty.status());
    assertEquals(List.of("database:required", "remote:required", "host:required"), rules(empty));
    assertEquals("The Database Name field is required.", empty.error().getString("detail"));

    Http.Response bad = node.http.post(databases(server), KEYS[2], new JsonObject().put("database", "no spaces!")
        .put("remote", "*").put("host", 999_999));
    assertEquals(422, bad.status());
    assertEquals(List.of("database:alpha_dash", "remote:regex", "host:exists"), rules(bad));
    JsonArray errors = bad.json().getJsonArray("errors");
    assertEquals("The Remote Connection String format is invalid.", errors.getJsonObject(1).getString("detail"));
    assertEquals("The selected Database Host Server ID is invalid.", errors.getJsonObject(2).getString("detail"));

    Http.Response tooLong = node.http.post(databases(server), KEYS[2], new JsonObject().put("database", "y".repeat(49))
        .put("remote", "10.0.0.%").put("host", "abc"));
    assertEquals(List.of("database:max", "host:integer"), rules(tooLong));

    Http.Response asStrings = node.http.post(databases(server), KEYS[2], new JsonObject().put("database", "strings")
        .put("remote", "127.0.0.1").put("host", String.valueOf(hostId)));
    assertEquals(201, asStrings.status(), asStrings.toString());
    assertEquals("127.0.0.1", asStrings.json().getJsonObject("attributes").getString("remote"));
  }

  @Test
  void levelsGuardEveryRoute() {
    int server = server(null);
    JsonObject db = create(server, "levels");
    String one = databases(server) + "/" + db.getInteger("id");
    assertEquals(403, node.http.get(databases(server), KEYS[0]).status());
    assertEquals(200, node.http.get(databases(server), KEYS[1]).status());
    assertEquals(403, node.http.get(one, KEYS[0]).status());
    assertEquals(200, node.http.get(one, KEYS[1]).status());
    assertEquals(403, post(server, "nope", KEYS[0]).status());
    assertEquals(403, post(server, "nope", KEYS[1]).status());
    assertEquals(403, node.http.post(one + "/reset-password", KEYS[0], null).status());
    assertEquals(403, node.http.delete(one, KEYS[0]).status());
    assertEquals(403, node.http.delete(one, KEYS[2]).status());
    assertEquals(204, node.http.delete(one, KEYS[3]).status());
  }

  @Test
  void includeHostNeedsReadOnDatabaseHosts() {
    int server = server(null);
    JsonObject db = create(server, "incl");
    Http.Response withHost = node.http.get(databases(server) + "?include=host,password", KEYS[1]);
    assertEquals(200, withHost.status(), withHost.toString());
    JsonObject relationships = withHost.json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes")
        .getJsonObject("relationships");
    JsonObject host = relationships.getJsonObject("host");
    assertEquals("database_host", host.getString("object"));
    assertEquals(hostId, host.getJsonObject("attributes").getInteger("id"));
    assertEquals(List.of("id", "name", "host", "port", "username", "node", "created_at", "updated_at"),
        List.copyOf(host.getJsonObject("attributes").fieldNames()));
    assertFalse(withHost.body().contains(hostPassword));
    remembered(relationships.getJsonObject("password").getJsonObject("attributes").getString("password"));

    Http.Response blind = node.http.get(databases(server) + "/" + db.getInteger("id") + "?include=host", hostBlindKey);
    assertEquals(200, blind.status(), blind.toString());
    assertEquals(new JsonObject().put("object", "null_resource").putNull("attributes"),
        blind.json().getJsonObject("attributes").getJsonObject("relationships").getJsonObject("host"));

    Http.Response hostWithDatabases = node.http.get("/api/application/database-hosts/" + hostId + "?include=databases", KEYS[1]);
    assertEquals(200, hostWithDatabases.status(), hostWithDatabases.toString());
    assertTrue(hostWithDatabases.json().getJsonObject("attributes").getJsonObject("relationships")
        .getJsonObject("databases").getJsonArray("data").size() >= 1);
  }

  @Test
  void aHostWithDatabasesCannotBeDeleted() {
    create(server(null), "keep");
    Http.Response refused = node.http.delete("/api/application/database-hosts/" + hostId, KEYS[3]);
    assertEquals(400, refused.status(), refused.toString());
    assertEquals("HasActiveServersException", refused.error().getString("code"));
    assertEquals("Cannot delete a database host server that has active databases linked to it.",
        refused.error().getString("detail"));
  }

  @Test
  void aFailedCreationLeavesNothingBehind() {
    // may create and drop databases, but not users: CREATE USER fails after CREATE DATABASE
    String limitedPassword = remembered(TestMariaDb.randomPassword());
    String limited = hostUser("CREATE, DROP", limitedPassword);
    int limitedHost = createHost("Limited", limited, limitedPassword);
    int server = server(null);
    Http.Response failed = node.http.post(databases(server), KEYS[2], new JsonObject().put("database", "half")
        .put("remote", "%").put("host", limitedHost));
    assertEquals(500, failed.status(), failed.toString());
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server + "_half"), "the database made was dropped");
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server), "no record kept");
    assertEquals(204, node.http.delete("/api/application/database-hosts/" + limitedHost, KEYS[3]).status());
  }

  @Test
  void dropForServerOverTheBus() {
    int server = server(null);
    JsonObject first = create(server, "one");
    JsonObject second = create(server, "two");
    JsonObject dropped = node.request(Addresses.DATABASES_DROP_FOR_SERVER,
        new JsonObject().put("server_id", server).put("force", false));
    assertEquals(2, dropped.getInteger("dropped"));
    for (JsonObject db : List.of(first, second)) {
      assertFalse(TestMariaDb.databaseExists(node.vertx, db.getString("database")));
      assertFalse(TestMariaDb.userExists(node.vertx, db.getString("username")));
    }
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server));

    // a host that no longer answers: only force gets rid of the record
    SecretBox box = new SecretBox(node.config.getString("secret").getBytes(StandardCharsets.UTF_8));
    int deadHost = ((Number) Sql.value(node, "INSERT INTO database_hosts (name, host, port, username, password)"
        + " VALUES ('Dead', '127.0.0.1', ?, 'root', ?) RETURNING id", TestNode.freePort(), box.seal("x"))).intValue();
    int orphaned = server(null);
    Sql.execute(node, "INSERT INTO databases (server_id, database_host_id, database, username, password)"
        + " VALUES (?, ?, ?, ?, ?)", orphaned, deadHost, "s" + orphaned + "_dead", "u" + orphaned + "_dead", box.seal("y"));
    TalonException unreachable = assertThrows(TalonException.class, () -> node.request(Addresses.DATABASES_DROP_FOR_SERVER,
        new JsonObject().put("server_id", orphaned).put("force", false)));
    assertEquals(Failure.UNAVAILABLE, unreachable.failure());
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", orphaned));
    JsonObject forced = node.request(Addresses.DATABASES_DROP_FOR_SERVER,
        new JsonObject().put("server_id", orphaned).put("force", true));
    assertEquals(1, forced.getInteger("dropped"));
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", orphaned));
    assertEquals(0, node.request(Addresses.DATABASES_DROP_FOR_SERVER,
        new JsonObject().put("server_id", orphaned).put("force", false)).getInteger("dropped"));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void noPasswordReachedAnyLogLine() {
    assertTrue(PASSWORDS.size() >= 5, "passwords to look for: " + PASSWORDS.size());
    for (String line : LogCapture.lines()) {
      for (String password : PASSWORDS) {
        assertFalse(line.contains(password), "a password was logged: " + line.replace(password, "<password>"));
      }
    }
  }

  private static List<String> rules(Http.Response r) {
    List<String> out = new ArrayList<>();
    r.json().getJsonArray("errors").forEach(e -> {
      JsonObject meta = ((JsonObject) e).getJsonObject("meta");
      out.add(meta.getString("source_field") + ":" + meta.getString("rule"));
    });
    return out;
  }
}
