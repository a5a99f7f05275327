package dev.talon;

import static dev.talon.support.ApiAssertions.NOT_FOUND;
import static dev.talon.support.ApiAssertions.UNAUTHORIZED;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.ClientRows;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.Sql;
import dev.talon.support.TestMariaDb;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
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
 * {@code /api/client/servers/:server/databases} with client keys against a real MariaDB: who may do
 * what (owner, subuser with and without each permission, unrelated user, a database of another
 * server), the password shown only with {@code database.view_password}, and every change made on
 * the host for real. The first test runs while no database host exists; the hosts are made after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientDatabasesTest {

  private static final String NO_ACCESS = "The requested resource does not exist on this server.";
  private static final JsonObject NULL_RESOURCE = new JsonObject().put("object", "null_resource").putNull("attributes");
  private static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
  private static final List<Integer> SERVERS = new ArrayList<>();
  private static final List<String> HOST_USERS = new ArrayList<>();

  private static TestNode node;
  private static ClientRows rows;
  private static int olga;
  private static int sam;
  private static String olgaKey;
  private static String samKey;
  private static String unaKey;
  private static String applicationKey;
  /** The host linked to the servers' node, and one linked to no node; 0 until made. */
  private static int linkedHost;
  private static int unlinkedHost;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    rows = ClientRows.create(node);
    // the host names each database s<server id>_...: ids no other run on the shared MariaDB uses
    Sql.value(node, "SELECT setval('servers_id_seq', ?)", 10_000_000L + new SecureRandom().nextInt(80_000_000));
    olga = node.makeUser("olga", false);
    sam = node.makeUser("sam", false);
    int una = node.makeUser("una", false);
    int admin = node.makeUser("dbroot", true);
    olgaKey = node.makeKey(olga, "client", null);
    samKey = node.makeKey(sam, "client", null);
    unaKey = node.makeKey(una, "client", null);
    applicationKey = node.makeKey(admin, "application", new JsonObject().put("permissions",
        new JsonObject().put("database_hosts", 3)));
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

  /** Two hosts on the test MariaDB, each with an admin account of its own, made on first use. */
  private static synchronized void hosts() {
    if (linkedHost != 0) {
      return;
    }
    linkedHost = host("Linked", rows.nodeId);
    unlinkedHost = host("Unlinked", null);
  }

  private static int host(String name, Integer nodeId) {
    String password = remembered(TestMariaDb.randomPassword());
    String user = TestMariaDb.uniqueName("talon_c");
    HOST_USERS.add(user);
    TestMariaDb.execute(node.vertx, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
    TestMariaDb.execute(node.vertx, "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'%' WITH GRANT OPTION");
    MySQLConnectOptions server = TestMariaDb.admin();
    Http.Response r = node.http.post("/api/application/database-hosts", applicationKey, new JsonObject().put("name", name)
        .put("host", server.getHost()).put("port", server.getPort()).put("username", user).put("password", password)
        .put("node_id", nodeId));
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("attributes").getInteger("id");
  }

  private static String remembered(String password) {
    PASSWORDS.add(password);
    LogCapture.rememberSecret(password);
    return password;
  }

  /** A server of Olga's without a database limit. */
  private static ClientRows.Server server(String name) {
    ClientRows.Server server = rows.server(olga, name);
    SERVERS.add(server.id());
    Sql.execute(node, "UPDATE servers SET database_limit = NULL WHERE id = ?", server.id());
    return server;
  }

  private static void limit(ClientRows.Server server, Integer limit) {
    Sql.execute(node, "UPDATE servers SET database_limit = ? WHERE id = ?", limit, server.id());
  }

  /** Sam's seat on {@code server}, with exactly these permission strings. */
  private static void seat(ClientRows.Server server, String... permissions) {
    Sql.execute(node, "DELETE FROM subusers WHERE server_id = ? AND user_id = ?", server.id(), sam);
    rows.subuser(server, sam, permissions);
  }

  private static String databases(ClientRows.Server server) {
    return "/api/client/servers/" + server.identifier() + "/databases";
  }

  private static Http.Response post(ClientRows.Server server, String key, String database, String remote) {
    return node.http.post(databases(server), key, new JsonObject().put("database", database).put("remote", remote));
  }

  private static Http.Response rotate(ClientRows.Server server, String key, Object id) {
    return node.http.post(databases(server) + "/" + id + "/rotate-password", key, null);
  }

  private static Http.Response delete(ClientRows.Server server, String key, Object id) {
    return node.http.delete(databases(server) + "/" + id, key);
  }

  /** Creates as Olga; answers the attributes, relationships included. */
  private static JsonObject create(ClientRows.Server server, String database) {
    Http.Response r = post(server, olgaKey, database, "%");
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject("attributes");
  }

  /** The password in a {@code server_database}'s relationships; fails when it is not there. */
  private static String password(JsonObject attributes) {
    JsonObject included = attributes.getJsonObject("relationships").getJsonObject("password");
    assertEquals("database_password", included.getString("object"), included::encode);
    assertEquals(List.of("password"), List.copyOf(included.getJsonObject("attributes").fieldNames()));
    return remembered(included.getJsonObject("attributes").getString("password"));
  }

  private static int recordId(JsonObject attributes) {
    return ((Number) Sql.value(node, "SELECT id FROM databases WHERE database = ?", attributes.getString("name"))).intValue();
  }

  @Test
  @Order(1)
  void withoutAnyHostCreationIs400BeforeTheLimitIsLookedAt() {
    ClientRows.Server server = server("hostless");
    limit(server, 0);
    assertError(post(server, olgaKey, "first", "%"), 400, "NoSuitableDatabaseHostException",
        "No database host was found that meets the requirements for this server.");
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server.id()));
  }

  @Test
  void theOwnersDatabaseExistsOnTheHostAndItsCredentialsLogIn() {
    hosts();
    ClientRows.Server server = server("owned");
    Http.Response created = post(server, olgaKey, "main", "%");
    assertEquals(200, created.status(), created.toString());
    assertEquals("server_database", created.json().getString("object"));
    JsonObject a = created.json().getJsonObject("attributes");
    assertEquals(List.of("id", "host", "name", "username", "connections_from", "max_connections", "relationships"),
        List.copyOf(a.fieldNames()));
    String hashid = a.getString("id");
    assertTrue(hashid.matches("[A-Za-z0-9]{8,}"), hashid);
    int id = recordId(a);
    assertNotEquals(String.valueOf(id), hashid);
    MySQLConnectOptions mariadb = TestMariaDb.admin();
    assertEquals(new JsonObject().put("address", mariadb.getHost()).put("port", mariadb.getPort()), a.getJsonObject("host"));
    String database = "s" + server.id() + "_main";
    assertEquals(database, a.getString("name"));
    String username = a.getString("username");
    assertTrue(username.matches("u" + server.id() + "_[A-Za-z0-9]{10}"), username);
    assertEquals("%", a.getString("connections_from"));
    assertEquals(0, a.getInteger("max_connections"));
    String password = password(a);
    assertTrue(password.matches("[A-Za-z0-9!@=.+^]{24}"), password.length() + " characters");

    assertTrue(TestMariaDb.databaseExists(node.vertx, database), "SHOW DATABASES lists it");
    TestMariaDb.executeAs(node.vertx, username, password, database, "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)");
    TestMariaDb.executeAs(node.vertx, username, password, database, "INSERT INTO notes VALUES (1, 'hello')");
    assertEquals("hello", TestMariaDb.executeAs(node.vertx, username, password, database, "SELECT body FROM notes")
        .get(0).getString("body"));
    assertEquals(linkedHost, ((Number) Sql.value(node, "SELECT database_host_id FROM databases WHERE id = ?", id)).intValue(),
        "a host linked to the server's node comes first");

    Http.Response listed = node.http.get(databases(server), olgaKey);
    assertEquals(200, listed.status(), listed.toString());
    assertEquals("list", listed.json().getString("object"));
    assertNull(listed.json().getJsonObject("meta"), "not paginated");
    JsonArray data = listed.json().getJsonArray("data");
    assertEquals(1, data.size());
    JsonObject item = data.getJsonObject(0);
    assertEquals("server_database", item.getString("object"));
    JsonObject withoutRelationships = a.copy();
    withoutRelationships.remove("relationships");
    assertEquals(withoutRelationships, item.getJsonObject("attributes"), "no relation unless asked for");

    JsonObject included = node.http.get(databases(server) + "?include=password", olgaKey).json()
        .getJsonArray("data").getJsonObject(0).getJsonObject("attributes");
    assertEquals(password, password(included));
  }

  @Test
  void hostsOfTheServersNodeComeFirstElseAnyHost() {
    hosts();
    ClientRows.Server server = server("picky");
    for (String name : List.of("one", "two", "three")) {
      assertEquals(linkedHost, ((Number) Sql.value(node, "SELECT database_host_id FROM databases WHERE database = ?",
          create(server, name).getString("name"))).intValue());
    }
    int otherNode = ((Number) Sql.value(node, "INSERT INTO nodes (uuid, name, location_id, fqdn, memory, disk, "
        + "daemon_token_id, daemon_token) SELECT gen_random_uuid(), 'node-two', location_id, 'node2.example.com', memory, "
        + "disk, 'tokenid-node-two', daemon_token FROM nodes WHERE id = ? RETURNING id", rows.nodeId)).intValue();
    ClientRows.Server elsewhere = server("elsewhere");
    Sql.execute(node, "UPDATE servers SET node_id = ? WHERE id = ?", otherNode, elsewhere.id());
    // no host of its own: every host is as likely, whatever node it serves (all 30 on one host: about
    // once in 500 million runs; 12 tries failed once in the first full runs)
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 30 && used.size() < 2; i++) {
      JsonObject made = create(elsewhere, "anyhost" + i);
      assertTrue(TestMariaDb.databaseExists(node.vertx, made.getString("name")));
      used.add(((Number) Sql.value(node, "SELECT database_host_id FROM databases WHERE database = ?",
          made.getString("name"))).intValue());
    }
    assertEquals(Set.of(linkedHost, unlinkedHost), used);
  }

  @Test
  void aSubuserNeedsEachPermission() {
    hosts();
    ClientRows.Server server = server("shared");
    JsonObject existing = create(server, "shared");
    String existingId = existing.getString("id");

    seat(server, "websocket.connect");
    assertForbidden(node.http.get(databases(server), samKey), UNAUTHORIZED);
    assertForbidden(post(server, samKey, "sams", "%"), UNAUTHORIZED);
    assertForbidden(rotate(server, samKey, existingId), UNAUTHORIZED);
    assertForbidden(delete(server, samKey, existingId), UNAUTHORIZED);
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server.id() + "_sams"));
    assertTrue(TestMariaDb.databaseExists(node.vertx, existing.getString("name")));

    seat(server, "database.read");
    assertEquals(200, node.http.get(databases(server), samKey).status());
    assertForbidden(post(server, samKey, "sams", "%"), UNAUTHORIZED);
    seat(server, "database.create");
    assertForbidden(node.http.get(databases(server), samKey), UNAUTHORIZED);
    Http.Response created = post(server, samKey, "sams", "%");
    assertEquals(200, created.status(), created.toString());
    assertTrue(TestMariaDb.databaseExists(node.vertx, "s" + server.id() + "_sams"));
    assertForbidden(rotate(server, samKey, existingId), UNAUTHORIZED);
    seat(server, "database.update");
    assertEquals(200, rotate(server, samKey, existingId).status());
    assertForbidden(delete(server, samKey, existingId), UNAUTHORIZED);
    seat(server, "database.delete");
    assertForbidden(rotate(server, samKey, existingId), UNAUTHORIZED);
    assertEquals(204, delete(server, samKey, existingId).status());
    assertFalse(TestMariaDb.databaseExists(node.vertx, existing.getString("name")));
  }

  @Test
  void thePasswordIsShownOnlyWithViewPassword() {
    hosts();
    ClientRows.Server server = server("secrets");
    String ownersPassword = password(create(server, "visible"));

    seat(server, "database.read", "database.create", "database.update");
    Http.Response made = post(server, samKey, "hidden", "%");
    assertEquals(200, made.status(), made.toString());
    JsonObject hidden = made.json().getJsonObject("attributes");
    assertEquals(NULL_RESOURCE, hidden.getJsonObject("relationships").getJsonObject("password"));
    Http.Response listed = node.http.get(databases(server) + "?include=password", samKey);
    assertEquals(200, listed.status(), listed.toString());
    for (Object item : listed.json().getJsonArray("data")) {
      assertEquals(NULL_RESOURCE, ((JsonObject) item).getJsonObject("attributes").getJsonObject("relationships")
          .getJsonObject("password"));
    }
    assertFalse(listed.body().contains(ownersPassword));
    Http.Response rotated = rotate(server, samKey, hidden.getString("id"));
    assertEquals(200, rotated.status(), rotated.toString());
    assertEquals(NULL_RESOURCE, rotated.json().getJsonObject("attributes").getJsonObject("relationships")
        .getJsonObject("password"));

    seat(server, "database.read", "database.update", "database.view_password");
    Http.Response shown = node.http.get(databases(server) + "?include=password", samKey);
    assertEquals(ownersPassword, password(shown.json().getJsonArray("data").getJsonObject(0).getJsonObject("attributes")));
    Http.Response rotatedAgain = rotate(server, samKey, hidden.getString("id"));
    assertEquals(200, rotatedAgain.status(), rotatedAgain.toString());
    JsonObject attributes = rotatedAgain.json().getJsonObject("attributes");
    String newPassword = password(attributes);
    assertTrue(TestMariaDb.canLogIn(node.vertx, attributes.getString("username"), newPassword));
  }

  @Test
  void anUnrelatedUserFindsNothing() {
    hosts();
    ClientRows.Server server = server("private");
    String id = create(server, "private").getString("id");
    assertError(node.http.get(databases(server), unaKey), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(post(server, unaKey, "intruder", "%"), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(rotate(server, unaKey, id), 404, "NotFoundHttpException", NO_ACCESS);
    assertError(delete(server, unaKey, id), 404, "NotFoundHttpException", NO_ACCESS);
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server.id() + "_intruder"));
  }

  @Test
  void aDatabaseOfAnotherServerIsNotFound() {
    hosts();
    ClientRows.Server mine = server("mine");
    ClientRows.Server other = server("other");
    JsonObject theirs = create(other, "theirs");
    for (Object id : List.of(theirs.getString("id"), recordId(theirs), "zzzzzzzz", "0")) {
      assertError(rotate(mine, olgaKey, id), 404, "NotFoundHttpException", NOT_FOUND);
      assertError(delete(mine, olgaKey, id), 404, "NotFoundHttpException", NOT_FOUND);
    }
    assertEquals(404, delete(mine, olgaKey, "not-a-key").status());
    assertTrue(TestMariaDb.databaseExists(node.vertx, theirs.getString("name")), "untouched");
    assertEquals(200, rotate(other, olgaKey, theirs.getString("id")).status());
  }

  @Test
  void rotateReplacesThePasswordOnTheHost() {
    hosts();
    ClientRows.Server server = server("rotating");
    JsonObject db = create(server, "rotating");
    String before = password(db);
    assertTrue(TestMariaDb.canLogIn(node.vertx, db.getString("username"), before));

    Http.Response rotated = rotate(server, olgaKey, db.getString("id"));
    assertEquals(200, rotated.status(), rotated.toString());
    JsonObject after = rotated.json().getJsonObject("attributes");
    assertEquals(db.getString("id"), after.getString("id"));
    assertEquals(db.getString("username"), after.getString("username"));
    String newPassword = password(after);
    assertNotEquals(before, newPassword);
    assertFalse(TestMariaDb.canLogIn(node.vertx, db.getString("username"), before), "the old password is refused");
    TestMariaDb.executeAs(node.vertx, db.getString("username"), newPassword, db.getString("name"), "CREATE TABLE t (id INT)");

    Http.Response byNumber = rotate(server, olgaKey, recordId(db));
    assertEquals(200, byNumber.status(), "the numeric id names it too: " + byNumber);
    assertFalse(TestMariaDb.canLogIn(node.vertx, db.getString("username"), newPassword));
    assertTrue(TestMariaDb.canLogIn(node.vertx, db.getString("username"), password(byNumber.json().getJsonObject("attributes"))));
  }

  @Test
  void deleteDropsTheDatabaseAndItsUser() {
    hosts();
    ClientRows.Server server = server("deleting");
    JsonObject db = create(server, "gone");
    JsonObject kept = create(server, "kept");
    Http.Response deleted = delete(server, olgaKey, db.getString("id"));
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals("", deleted.body());
    assertFalse(TestMariaDb.databaseExists(node.vertx, db.getString("name")));
    assertFalse(TestMariaDb.userExists(node.vertx, db.getString("username")));
    JsonArray left = node.http.get(databases(server), olgaKey).json().getJsonArray("data");
    assertEquals(1, left.size());
    assertEquals(kept.getString("id"), left.getJsonObject(0).getJsonObject("attributes").getString("id"));
    assertError(delete(server, olgaKey, db.getString("id")), 404, "NotFoundHttpException", NOT_FOUND);

    assertEquals(204, delete(server, olgaKey, recordId(kept)).status(), "by its numeric id");
    assertFalse(TestMariaDb.databaseExists(node.vertx, kept.getString("name")));
  }

  @Test
  void theServersLimitHolds() {
    hosts();
    ClientRows.Server server = server("limited");
    limit(server, 0);
    assertError(post(server, olgaKey, "none", "%"), 400, "TooManyDatabasesException",
        "Operation aborted: creating a new database would put this server over the defined limit.");
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server.id() + "_none"));

    limit(server, 1);
    create(server, "first");
    assertError(post(server, olgaKey, "second", "%"), 400, "TooManyDatabasesException", null);
    limit(server, null);
    create(server, "second");
    create(server, "third");
    assertEquals(3, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server.id()));
  }

  @Test
  void aDuplicateNameIsRefused() {
    hosts();
    ClientRows.Server server = server("dupes");
    create(server, "twice");
    assertError(post(server, olgaKey, "twice", "10.0.0.%"), 400, "DuplicateDatabaseNameException",
        "A database with that name already exists for this server.");
    assertEquals(1, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server.id()));
  }

  @Test
  void validationFollowsPterodactylsRequest() {
    hosts();
    ClientRows.Server server = server("checked");
    JsonArray empty = assertValidation(node.http.post(databases(server), olgaKey, new JsonObject()));
    assertEquals(2, empty.size());
    assertEquals("The database field is required.", validationEntry(empty, "database").getString("detail"));
    assertEquals("The remote field is required.", validationEntry(empty, "remote").getString("detail"));

    JsonArray bad = assertValidation(post(server, olgaKey, "no spaces!", "every host"));
    assertEquals("alpha_dash", validationEntry(bad, "database").getJsonObject("meta").getString("rule"));
    assertEquals("The database may only contain letters, numbers, and dashes.",
        validationEntry(bad, "database").getString("detail"));
    JsonObject remote = validationEntry(bad, "remote");
    assertEquals("regex", remote.getJsonObject("meta").getString("rule"));
    assertEquals("The remote format is invalid.", remote.getString("detail"));

    JsonObject tooShort = validationEntry(assertValidation(post(server, olgaKey, "ab", "%")), "database");
    assertEquals("The database must be at least 3 characters.", tooShort.getString("detail"));
    JsonObject tooLong = validationEntry(assertValidation(post(server, olgaKey, "y".repeat(49), "%")), "database");
    assertEquals("The database may not be greater than 48 characters.", tooLong.getString("detail"));
    JsonObject notString = validationEntry(assertValidation(node.http.post(databases(server), olgaKey,
        new JsonObject().put("database", "numbers").put("remote", 5))), "remote");
    assertEquals("string", notString.getJsonObject("meta").getString("rule"));
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM databases WHERE server_id = ?", server.id()));

    // Pterodactyl's client remote also takes a netmask and colons, which the host accepts as written
    Http.Response netmask = post(server, olgaKey, " masked ", "10.0.0.0/255.0.0.0");
    assertEquals(200, netmask.status(), netmask.toString());
    JsonObject masked = netmask.json().getJsonObject("attributes");
    assertEquals("s" + server.id() + "_masked", masked.getString("name"), "trimmed, as Pterodactyl trims input");
    assertEquals("10.0.0.0/255.0.0.0", masked.getString("connections_from"));
    assertEquals(1, TestMariaDb.query(node.vertx, "SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?",
        masked.getString("username"), "10.0.0.0/255.0.0.0").size());
    assertEquals(200, post(server, olgaKey, "ipv6", "::1").status());
  }

  @Test
  void aSuspendedServerRefusesEveryRoute() {
    hosts();
    ClientRows.Server server = server("frozen");
    String id = create(server, "frozen").getString("id");
    String suspended = "This server is currently suspended and the functionality requested is unavailable.";
    rows.status(server, "suspended");
    try {
      assertError(node.http.get(databases(server), olgaKey), 409, "ServerStateConflictException", suspended);
      assertError(post(server, olgaKey, "later", "%"), 409, "ServerStateConflictException", suspended);
      assertError(rotate(server, olgaKey, id), 409, "ServerStateConflictException", suspended);
      assertError(delete(server, olgaKey, id), 409, "ServerStateConflictException", suspended);
    } finally {
      rows.status(server, null);
    }
    assertFalse(TestMariaDb.databaseExists(node.vertx, "s" + server.id() + "_later"));
    assertEquals(200, node.http.get(databases(server), olgaKey).status());
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
}
