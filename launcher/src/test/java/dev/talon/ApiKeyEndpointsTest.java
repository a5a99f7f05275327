package dev.talon;

import static dev.talon.support.ApiAssertions.NOT_FOUND;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key-management endpoints: shapes and error texts of Pterodactyl's client account keys
 * (pterodactyl-auth.md 6.1 and 7.1), Talon's application-key endpoints, and their activity log.
 */
@ExtendWith(VertxExtension.class)
class ApiKeyEndpointsTest {

  private static final String KEYS = "/api/client/account/api-keys";
  private static final String APP_KEYS = "/api/application/api-keys";
  private static final String USERS = "/api/application/users";
  private static final Pattern ATOM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{32}");
  private static final Pattern CLIENT_IDENTIFIER = Pattern.compile("ptlc_[A-Za-z0-9]{16}");
  private static final Pattern APPLICATION_IDENTIFIER = Pattern.compile("ptla_[A-Za-z0-9]{16}");
  private static final List<String> RESOURCES = List.of("users", "nodes", "allocations", "servers", "locations",
      "nests", "eggs", "database_hosts", "server_databases");

  private static final AtomicInteger USER_SEQ = new AtomicInteger();

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A fresh user and a client key to act as them: every test has its own keys to count. */
  private record Account(int id, String key) {
  }

  private static Account newAccount(String stem, boolean admin) {
    int id = node.makeUser(stem + USER_SEQ.incrementAndGet(), admin);
    return new Account(id, node.makeKey(id, "client", null));
  }

  private static void assertAtom(String text, String what) {
    assertNotNull(text, what + " is set");
    assertTrue(ATOM.matcher(text).matches(), what + " is ISO-8601 with seconds and an offset: " + text);
    Duration age = Duration.between(OffsetDateTime.parse(text).toInstant(), java.time.Instant.now());
    assertTrue(age.abs().toMinutes() < 5, what + " is about now: " + text);
  }

  private static JsonObject findByIdentifier(JsonArray data, String identifier) {
    for (int i = 0; i < data.size(); i++) {
      JsonObject attributes = data.getJsonObject(i).getJsonObject("attributes");
      if (identifier.equals(attributes.getString("identifier"))) {
        return attributes;
      }
    }
    return null;
  }

  private static long keysOf(int userId) {
    return Sql.count(node, "SELECT count(*) FROM api_keys WHERE user_id = ?", userId);
  }

  // ---------------------------------------------------------------- client keys: list and create

  @Test
  void listingHasPterodactylsShape() {
    int user = node.makeUser("lister" + USER_SEQ.incrementAndGet(), true);
    String used = node.makeKey(user, "client", new JsonObject().put("description", "the one in use"));
    String unused = node.makeKey(user, "client", new JsonObject().put("description", "listed")
        .put("allowed_ips", new JsonArray().add("127.0.0.1").add("10.0.0.0/8")));
    String application = node.makeKey(user, "application",
        new JsonObject().put("permissions", new JsonObject().put("users", 1)));

    Http.Response r = node.http.get(KEYS, used);
    assertEquals(200, r.status(), r.toString());
    JsonObject body = r.json();
    assertEquals("list", body.getString("object"));
    JsonArray data = body.getJsonArray("data");
    assertEquals(2, data.size(), "the user's two client keys, not the application key: " + body);
    for (int i = 0; i < data.size(); i++) {
      JsonObject item = data.getJsonObject(i);
      assertEquals("api_key", item.getString("object"));
      JsonObject a = item.getJsonObject("attributes");
      assertTrue(CLIENT_IDENTIFIER.matcher(a.getString("identifier")).matches(), a.encode());
      assertEquals(21, a.getString("identifier").length());
      for (String field : new String[] {"identifier", "description", "allowed_ips", "last_used_at", "created_at"}) {
        assertTrue(a.containsKey(field), field + " present in " + a.encode());
      }
      assertAtom(a.getString("created_at"), "created_at");
      assertFalse(a.containsKey("token") || a.containsKey("token_hash") || a.containsKey("secret_token"), a.encode());
    }
    JsonObject listed = findByIdentifier(data, unused.substring(0, 21));
    assertNotNull(listed, "key listed by its 21-character identifier: " + body);
    assertEquals("listed", listed.getString("description"));
    assertEquals(new JsonArray().add("127.0.0.1").add("10.0.0.0/8"), listed.getJsonArray("allowed_ips"));
    assertNull(listed.getValue("last_used_at"), "never used: null");
    JsonObject inUse = findByIdentifier(data, used.substring(0, 21));
    assertNotNull(inUse);
    assertEquals(new JsonArray(), inUse.getJsonArray("allowed_ips"), "no restriction is an empty array");
    assertAtom(inUse.getString("last_used_at"), "last_used_at of the key making the request");
    assertNull(findByIdentifier(data, application.substring(0, 21)));
    for (String secret : new String[] {used, unused, application}) {
      assertFalse(r.body().contains(secret.substring(21)), "no token in the listing");
    }
  }

  @Test
  void createAnswersTheTokenOnceAndItCompletesAWorkingKey() throws Exception {
    Account a = newAccount("creator", false);
    Http.Response r = node.http.post(KEYS, a.key(), new JsonObject().put("description", "Test Description")
        .put("allowed_ips", new JsonArray().add("127.0.0.1")));
    assertEquals(200, r.status(), "200, not 201, as Pterodactyl: " + r);
    JsonObject body = r.json();
    assertEquals("api_key", body.getString("object"));
    JsonObject attributes = body.getJsonObject("attributes");
    String identifier = attributes.getString("identifier");
    assertTrue(CLIENT_IDENTIFIER.matcher(identifier).matches(), identifier);
    assertEquals("Test Description", attributes.getString("description"));
    assertEquals(new JsonArray().add("127.0.0.1"), attributes.getJsonArray("allowed_ips"));
    assertTrue(attributes.containsKey("last_used_at"));
    assertNull(attributes.getValue("last_used_at"));
    assertAtom(attributes.getString("created_at"), "created_at");
    String token = body.getJsonObject("meta").getString("secret_token");
    assertNotNull(token, body.encode());
    LogCapture.rememberSecret(token);
    LogCapture.rememberSecret(identifier + token);
    assertTrue(TOKEN.matcher(token).matches(), "32 alphanumeric characters: " + token.length());
    assertFalse(attributes.encode().contains(token), "the token only in meta");

    Http.Response me = node.http.get("/api/client/account", identifier + token);
    assertEquals(200, me.status(), "identifier + secret_token is the key: " + me);
    assertEquals(a.id(), me.json().getJsonObject("attributes").getInteger("id"));

    Http.Response list = node.http.get(KEYS, a.key());
    assertEquals(200, list.status());
    assertNotNull(findByIdentifier(list.json().getJsonArray("data"), identifier));
    assertFalse(list.body().contains(token), "the listing never carries the token");
    Http.Response listWithNewKey = node.http.get(KEYS, identifier + token);
    assertFalse(listWithNewKey.body().contains(token));

    // stored as HMAC-SHA256(server secret, token), never the token
    byte[] stored = (byte[]) Sql.value(node, "SELECT token_hash FROM api_keys WHERE identifier = ?",
        Sql.storedIdentifier(identifier));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(node.config.getString("secret").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertArrayEquals(mac.doFinal(token.getBytes(StandardCharsets.US_ASCII)), stored);
  }

  // ---------------------------------------------------------------- client keys: 422

  @Test
  void anEmptyDescriptionIsRequired() {
    Account a = newAccount("emptydesc", false);
    for (JsonObject body : new JsonObject[] {
        new JsonObject().put("description", ""), new JsonObject(), new JsonObject().putNull("description")}) {
      JsonArray errors = assertValidation(node.http.post(KEYS, a.key(), body));
      assertEquals(1, errors.size(), errors.encode());
      JsonObject e = validationEntry(errors, "description");
      assertEquals("required", e.getJsonObject("meta").getString("rule"));
      assertEquals("The description field is required.", e.getString("detail"));
    }
    assertEquals(1, keysOf(a.id()), "nothing created");
  }

  @Test
  void aDescriptionOver500CharactersIsRefused() {
    Account a = newAccount("longdesc", false);
    JsonArray errors = assertValidation(node.http.post(KEYS, a.key(), new JsonObject().put("description", "a".repeat(501))));
    assertEquals(1, errors.size(), errors.encode());
    JsonObject e = validationEntry(errors, "description");
    assertEquals("max", e.getJsonObject("meta").getString("rule"));
    assertEquals("The description may not be greater than 500 characters.", e.getString("detail"));
    assertEquals(1, keysOf(a.id()), "nothing created");
    assertEquals(200, node.http.post(KEYS, a.key(), new JsonObject().put("description", "a".repeat(500))).status(),
        "500 characters are fine");
  }

  @Test
  void eachBadAllowedIpIsAnEntryOnItsIndex() {
    Account a = newAccount("badips", false);
    JsonArray errors = assertValidation(node.http.post(KEYS, a.key(), new JsonObject().put("description", "ips")
        .put("allowed_ips", new JsonArray().add("hodor").add("127.0.0.1").add("hodor/24"))));
    assertEquals(2, errors.size(), errors.encode());
    assertEquals("\"hodor\" is not a valid IP address or CIDR range.",
        validationEntry(errors, "allowed_ips.0").getString("detail"));
    assertEquals("\"hodor/24\" is not a valid IP address or CIDR range.",
        validationEntry(errors, "allowed_ips.2").getString("detail"));
    assertEquals(1, keysOf(a.id()), "nothing created");
  }

  @Test
  void prefixesOutOfRangeAre422NotServerErrors() {
    Account a = newAccount("prefixes", false);
    for (String entry : new String[] {"10.0.0.0/33", "::1/129"}) {
      Http.Response r = node.http.post(KEYS, a.key(), new JsonObject().put("description", "prefix")
          .put("allowed_ips", new JsonArray().add("127.0.0.1").add(entry)));
      JsonArray errors = assertValidation(r);
      assertEquals(1, errors.size(), errors.encode());
      assertEquals("\"" + entry + "\" is not a valid IP address or CIDR range.",
          validationEntry(errors, "allowed_ips.1").getString("detail"));
    }
    assertEquals(1, keysOf(a.id()), "nothing created");
  }

  @Test
  void atMostFiftyAllowedIps() {
    Account a = newAccount("fiftyips", false);
    JsonArray fifty = new JsonArray();
    for (int i = 1; i <= 50; i++) {
      fifty.add("10.0.0." + i);
    }
    JsonArray fiftyOne = fifty.copy().add("10.0.1.1");
    JsonArray errors = assertValidation(node.http.post(KEYS, a.key(),
        new JsonObject().put("description", "51").put("allowed_ips", fiftyOne)));
    assertEquals(1, errors.size(), errors.encode());
    JsonObject e = validationEntry(errors, "allowed_ips");
    assertEquals("The allowed ips may not have more than 50 items.", e.getString("detail"));
    assertEquals(1, keysOf(a.id()), "nothing created");

    Http.Response ok = node.http.post(KEYS, a.key(), new JsonObject().put("description", "50").put("allowed_ips", fifty));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(50, ok.json().getJsonObject("attributes").getJsonArray("allowed_ips").size());
  }

  // ---------------------------------------------------------------- client keys: delete

  @Test
  void deletingAnOwnKeyIs204WithAnEmptyBody() {
    Account a = newAccount("deleter", false);
    String victim = node.makeKey(a.id(), "client", null);
    assertEquals(200, node.http.get("/api/client/account", victim).status());
    Http.Response r = node.http.delete(KEYS + "/" + victim.substring(0, 21), a.key());
    assertEquals(204, r.status(), r.toString());
    assertEquals("", r.body(), "204 carries no body");
    assertUnauthenticated(node.http.get("/api/client/account", victim));
    assertNull(findByIdentifier(node.http.get(KEYS, a.key()).json().getJsonArray("data"), victim.substring(0, 21)));
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM api_keys WHERE identifier = ?", Sql.storedIdentifier(victim)));
  }

  @Test
  void deletingAnUnknownKeyIs404() {
    Account a = newAccount("unknowndel", false);
    String own = a.key().substring(0, 21);
    StringBuilder otherCase = new StringBuilder("ptlc_");
    for (char c : own.substring(5).toCharArray()) {
      otherCase.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    String[] unknown = {"ptlc_AAAAAAAAAAAAAAAA", "1234", own.substring(0, 20), own + "A", "ptla_" + own.substring(5)};
    for (String identifier : unknown) {
      assertError(node.http.delete(KEYS + "/" + identifier, a.key()), 404, "NotFoundHttpException", NOT_FOUND);
    }
    if (!otherCase.toString().equals(own)) {
      assertError(node.http.delete(KEYS + "/" + otherCase, a.key()), 404, "NotFoundHttpException", NOT_FOUND);
    }
    assertEquals(1, keysOf(a.id()), "the existing key untouched");
    assertEquals(200, node.http.get("/api/client/account", a.key()).status());
  }

  @Test
  void anotherUsersKeyCannotBeDeleted() {
    Account a = newAccount("thief", false);
    Account b = newAccount("victim", false);
    assertError(node.http.delete(KEYS + "/" + b.key().substring(0, 21), a.key()), 404, "NotFoundHttpException", NOT_FOUND);
    assertEquals(1, keysOf(b.id()));
    Http.Response still = node.http.get("/api/client/account", b.key());
    assertEquals(200, still.status(), "the other user's key still works: " + still);
  }

  @Test
  void anApplicationKeyCannotBeDeletedThroughTheClientEndpoint() {
    Account admin = newAccount("appdel", true);
    String appKey = node.makeKey(admin.id(), "application",
        new JsonObject().put("permissions", new JsonObject().put("users", 1)));
    assertError(node.http.delete(KEYS + "/" + appKey.substring(0, 21), admin.key()), 404, "NotFoundHttpException",
        NOT_FOUND);
    assertError(node.http.delete(KEYS + "/ptlc_" + appKey.substring(5, 21), admin.key()), 404, "NotFoundHttpException",
        NOT_FOUND);
    assertEquals(2, keysOf(admin.id()));
    assertEquals(200, node.http.get(USERS, appKey).status(), "the application key still works");
  }

  // ---------------------------------------------------------------- application keys

  @Test
  void applicationKeysAreManagedWithAnAdminClientKey() {
    Account admin = newAccount("appadmin", true);
    Http.Response created = node.http.post(APP_KEYS, admin.key(), new JsonObject().put("description", "x")
        .put("permissions", new JsonObject().put("users", 3).put("servers", 1)));
    assertEquals(201, created.status(), created.toString());
    JsonObject body = created.json();
    assertEquals("api_key", body.getString("object"));
    JsonObject attributes = body.getJsonObject("attributes");
    String identifier = attributes.getString("identifier");
    assertTrue(APPLICATION_IDENTIFIER.matcher(identifier).matches(), identifier);
    assertEquals("x", attributes.getString("description"));
    JsonObject permissions = attributes.getJsonObject("permissions");
    assertNotNull(permissions, attributes.encode());
    for (String resource : RESOURCES) {
      int expected = resource.equals("users") ? 3 : resource.equals("servers") ? 1 : 0;
      assertEquals(expected, permissions.getInteger(resource), resource + " in " + permissions.encode());
    }
    String token = body.getJsonObject("meta").getString("secret_token");
    assertTrue(TOKEN.matcher(token).matches());
    LogCapture.rememberSecret(token);
    String key = identifier + token;
    Http.Response users = node.http.get(USERS, key);
    assertEquals(200, users.status(), "the new application key reads users: " + users);

    Http.Response list = node.http.get(APP_KEYS, admin.key());
    assertEquals(200, list.status(), list.toString());
    assertEquals("list", list.json().getString("object"));
    JsonArray data = list.json().getJsonArray("data");
    assertEquals(1, data.size(), "only the application key, not the client key: " + list);
    assertEquals("api_key", data.getJsonObject(0).getString("object"));
    JsonObject listed = findByIdentifier(data, identifier);
    assertNotNull(listed);
    assertEquals(3, listed.getJsonObject("permissions").getInteger("users"));
    assertEquals(1, listed.getJsonObject("permissions").getInteger("servers"));
    assertFalse(list.body().contains(token), "no token in the listing");

    Http.Response one = node.http.get(APP_KEYS + "/" + identifier, admin.key());
    assertEquals(200, one.status(), one.toString());
    assertEquals("api_key", one.json().getString("object"));
    assertEquals(identifier, one.json().getJsonObject("attributes").getString("identifier"));
    assertEquals(3, one.json().getJsonObject("attributes").getJsonObject("permissions").getInteger("users"));
    assertFalse(one.body().contains(token));

    Http.Response deleted = node.http.delete(APP_KEYS + "/" + identifier, admin.key());
    assertEquals(204, deleted.status(), deleted.toString());
    assertEquals("", deleted.body());
    assertUnauthenticated(node.http.get(USERS, key));
    assertError(node.http.get(APP_KEYS + "/" + identifier, admin.key()), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.delete(APP_KEYS + "/" + identifier, admin.key()), 404, "NotFoundHttpException", NOT_FOUND);
  }

  @Test
  void pterodactylsRUsersFieldsWork() {
    Account admin = newAccount("legacyfields", true);
    Http.Response created = node.http.post(APP_KEYS, admin.key(), new JsonObject().put("description", "legacy")
        .put("r_users", 1).put("r_nodes", 2));
    assertEquals(201, created.status(), created.toString());
    JsonObject attributes = created.json().getJsonObject("attributes");
    assertEquals(1, attributes.getJsonObject("permissions").getInteger("users"));
    assertEquals(2, attributes.getJsonObject("permissions").getInteger("nodes"));
    assertEquals(0, attributes.getJsonObject("permissions").getInteger("servers"));
    String key = attributes.getString("identifier") + created.json().getJsonObject("meta").getString("secret_token");
    LogCapture.rememberSecret(key);
    assertEquals(200, node.http.get(USERS, key).status());
  }

  @Test
  void aPermissionLevelOutsideZeroToThreeIs422() {
    Account admin = newAccount("badlevel", true);
    JsonArray errors = assertValidation(node.http.post(APP_KEYS, admin.key(), new JsonObject().put("description", "x")
        .put("permissions", new JsonObject().put("users", 7))));
    validationEntry(errors, "permissions.users");
    JsonArray legacy = assertValidation(node.http.post(APP_KEYS, admin.key(), new JsonObject().put("description", "x")
        .put("r_users", 7)));
    validationEntry(legacy, "r_users");
    JsonArray negative = assertValidation(node.http.post(APP_KEYS, admin.key(), new JsonObject().put("description", "x")
        .put("permissions", new JsonObject().put("servers", -1))));
    validationEntry(negative, "permissions.servers");
    assertEquals(1, keysOf(admin.id()), "nothing created");
  }

  @Test
  void anAdminCannotSeeOrDeleteAnotherAdminsApplicationKey() {
    Account first = newAccount("admina", true);
    Account second = newAccount("adminb", true);
    String theirs = node.makeKey(second.id(), "application",
        new JsonObject().put("permissions", new JsonObject().put("users", 1)));
    String identifier = theirs.substring(0, 21);
    assertEquals(0, node.http.get(APP_KEYS, first.key()).json().getJsonArray("data").size());
    assertError(node.http.get(APP_KEYS + "/" + identifier, first.key()), 404, "NotFoundHttpException", NOT_FOUND);
    assertError(node.http.delete(APP_KEYS + "/" + identifier, first.key()), 404, "NotFoundHttpException", NOT_FOUND);
    assertEquals(200, node.http.get(USERS, theirs).status(), "still works");
  }

  @Test
  void theApplicationKeyEndpointsOnlyAddressApplicationKeys() {
    Account admin = newAccount("onlyapp", true);
    String clientIdentifier = admin.key().substring(0, 21);
    assertEquals(0, node.http.get(APP_KEYS, admin.key()).json().getJsonArray("data").size(),
        "the admin's client key is not in the application-key list");
    assertError(node.http.delete(APP_KEYS + "/" + clientIdentifier, admin.key()), 404, "NotFoundHttpException",
        NOT_FOUND);
    assertError(node.http.get(APP_KEYS + "/" + clientIdentifier, admin.key()), 404, "NotFoundHttpException",
        NOT_FOUND);
    assertEquals(200, node.http.get("/api/client/account", admin.key()).status(), "the client key untouched");
  }

  // ---------------------------------------------------------------- activity log

  @Test
  void keyCreationDeletionAndIpBlocksAreLogged() {
    Account a = newAccount("logged", false);
    Account other = newAccount("notlogged", false);
    Http.Response created = node.http.post(KEYS, a.key(), new JsonObject().put("description", "logged")
        .put("allowed_ips", new JsonArray().add("10.0.0.0/8")));
    assertEquals(200, created.status());
    String identifier = created.json().getJsonObject("attributes").getString("identifier");
    String restricted = identifier + created.json().getJsonObject("meta").getString("secret_token");
    LogCapture.rememberSecret(restricted);
    assertEquals(403, node.http.get("/api/client/account", restricted).status());
    assertEquals(404, node.http.delete(KEYS + "/" + other.key().substring(0, 21), a.key()).status());
    assertEquals(204, node.http.delete(KEYS + "/" + identifier, a.key()).status());

    String byEvent = "SELECT count(*) FROM activity_logs WHERE event = ? AND actor_id = ? AND subject_id = ?";
    long tookMs = Poll.until(3000, 20, () -> Sql.count(node, byEvent, "user:api-key.create", a.id(), identifier) == 1
        && Sql.count(node, byEvent, "auth:ip-blocked", a.id(), identifier) == 1
        && Sql.count(node, byEvent, "user:api-key.delete", a.id(), identifier) == 1);
    assertTrue(tookMs >= 0, "create, ip-blocked and delete rows within 3 s; found: " + Sql.value(node,
        "SELECT string_agg(event || ' ' || coalesce(subject_id, '-'), ', ') FROM activity_logs WHERE actor_id = ?", a.id()));
    assertEquals("127.0.0.1", Sql.value(node,
        "SELECT ip FROM activity_logs WHERE event = 'auth:ip-blocked' AND subject_id = ?", identifier));
    assertEquals(identifier, Sql.value(node,
        "SELECT properties->>'identifier' FROM activity_logs WHERE event = 'user:api-key.create' AND subject_id = ?",
        identifier));
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM activity_logs WHERE event = 'user:api-key.delete' "
        + "AND subject_id = ?", other.key().substring(0, 21)), "a refused delete logs nothing");
    String logged = String.valueOf(Sql.value(node, "SELECT string_agg(row_to_json(l)::text, ' ') "
        + "FROM activity_logs l WHERE actor_id = ?", a.id()));
    assertFalse(logged.contains(restricted.substring(21)), "no token in the activity log: " + logged);
  }
}
