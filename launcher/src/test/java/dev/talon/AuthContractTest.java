package dev.talon;

import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.ipDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Failure;
import dev.talon.contracts.Resource;
import dev.talon.support.DbCounters;
import dev.talon.support.Events;
import dev.talon.support.Http;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestCluster;
import dev.talon.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auth contract as other verticles and the database see it: which addresses another cluster
 * member may call, what a request costs the database, the events published when users and keys
 * change, how a cached key follows a change made through the API or straight in SQL, and the auth
 * context {@code talon.auth.verify} answers.
 *
 * <p>Caches keep keys and unknown identifiers for an hour here: a key refused after a change was
 * dropped from the cache by that change, not by its expiry.
 */
class AuthContractTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String USERS = "/api/application/users";
  private static final long FLUSH_INTERVAL_MS = 200;
  private static final Map<String, String> LONG_CACHES = Map.of("cache.ttl-seconds", "3600",
      "cache.unknown-ttl-seconds", "3600", "web.sign-in-sweep-seconds", "3600",
      "usage.flush-interval-ms", String.valueOf(FLUSH_INTERVAL_MS));
  private static final Set<String> USER_EVENT_FIELDS = Set.of("user_id", "change", "root_admin", "event_id");
  private static final Set<String> KEY_EVENT_FIELDS = Set.of("identifier", "type", "user_id", "reason", "event_id");
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final AtomicInteger USER_SEQ = new AtomicInteger();

  private static TestNode node;
  private static String rootKey;

  @BeforeAll
  static void start() {
    node = TestNode.start(LONG_CACHES);
    rootKey = node.makeKey(node.makeUser("contractroot", true), "client", null);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  // --- which addresses other cluster members may call

  @Test
  void internalAddressesAnswerNoOtherClusterMember() {
    String name = "talon-test-" + UUID.randomUUID();
    try (TestNode clustered = TestNode.start(TestCluster.nodeSettings(name, TestNode.randomSecret()))) {
      Vertx outside = TestCluster.outsideMember(name);
      try {
        int user = clustered.makeUser("outsider", false);
        String key = clustered.makeKey(user, "client", null);
        assertEquals(200, clustered.http.get(ACCOUNT, key).status(), "cached by a first use");
        EventBus bus = outside.eventBus();

        // the key's row, token hash included, is for the node's own auth verticle only
        assertNoHandlers(bus, Addresses.DB_KEY_FIND, new JsonObject().put("identifier", Sql.storedIdentifier(key)));
        for (String address : persistenceAddresses()) {
          assertNoHandlers(bus, address, new JsonObject());
        }

        // the public addresses answer any member
        assertEquals(user, verify(bus, key).getJsonObject("user").getInteger("id"));
        assertAnswered(bus, Addresses.EGG_IMPORT, new JsonObject());
        assertAnswered(bus, Addresses.DATABASES_DROP_FOR_SERVER, new JsonObject().put("server_id", 0).put("force", false));

        // events another member publishes leave the node's caches alone
        long finds = DbCounters.of(clustered).operation("key.find");
        publishUntilHeard(bus, clustered, Addresses.EVENT_KEY_REVOKED, new JsonObject()
            .put("identifier", key.substring(0, 21)).put("type", "client").put("user_id", user).put("reason", "deleted"));
        publishUntilHeard(bus, clustered, Addresses.EVENT_USER_CHANGED,
            new JsonObject().put("user_id", user).put("change", "deleted"));
        publishUntilHeard(bus, clustered, Addresses.EVENT_CACHES_RESET, new JsonObject());
        assertEquals(user, verify(bus, key).getJsonObject("user").getInteger("id"));
        assertEquals(finds, DbCounters.of(clustered).operation("key.find"),
            "an event published by another member dropped the node's cached key");
      } finally {
        outside.close().await();
      }
    }
  }

  /** Every {@code talon.persistence.*} address the contracts name. */
  private static List<String> persistenceAddresses() {
    List<String> addresses = new ArrayList<>();
    for (Field field : Addresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          String address = (String) field.get(null);
          if (address.startsWith("talon.persistence.")) {
            addresses.add(address);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertTrue(addresses.size() > 50, "persistence addresses found: " + addresses);
    return addresses;
  }

  /**
   * Publishes {@code event} from another member until a subscriber on {@code node} hears it (the
   * member learns of the subscription eventually). Any consumer of the node that takes the event
   * from other members had it queued by then, the auth verticle's included, so a verify sent
   * afterwards is served after it.
   */
  private static void publishUntilHeard(EventBus from, TestNode node, String address, JsonObject event) {
    try (Events heard = Events.listen(node, address)) {
      JsonObject received = null;
      for (int attempt = 0; attempt < 50 && received == null; attempt++) {
        from.publish(address, event);
        received = heard.poll(e -> true, 100);
      }
      assertEquals(event, received, () -> address + " from another member never reached the node");
    }
  }

  private static Throwable outcome(EventBus bus, String address, JsonObject body) {
    return bus.request(address, body).transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  private static void assertNoHandlers(EventBus bus, String address, JsonObject body) {
    Throwable failure = outcome(bus, address, body);
    ReplyException e = assertInstanceOf(ReplyException.class, failure, () -> address + " answered another member");
    assertEquals(ReplyFailure.NO_HANDLERS, e.failureType(), () -> address + ": " + e);
  }

  private static void assertAnswered(EventBus bus, String address, JsonObject body) {
    Throwable failure = outcome(bus, address, body);
    if (failure != null) {
      ReplyException e = assertInstanceOf(ReplyException.class, failure, () -> address + ": " + failure);
      assertEquals(ReplyFailure.RECIPIENT_FAILURE, e.failureType(), () -> address + " is public: " + e);
    }
  }

  // --- what a request costs the database

  /**
   * Counted by the node's own counters ({@code GET /metrics}) on a node of its own, the class's node
   * idle: a malformed key costs nothing, a flood of one unknown key one lookup, and a cached key no
   * statement but the batched {@code last_used_at} writes.
   */
  @Test
  void aRequestCostsTheDatabaseOnlyWhatItMust() {
    try (TestNode own = TestNode.start(LONG_CACHES)) {
      int user = own.makeUser("counted", false);
      String key = own.makeKey(user, "client", null);
      // the key's creation is logged in the next usage flush; once it is written nothing is pending
      assertTrue(Poll.until(5000, 10, () -> Sql.count(own,
          "SELECT count(*) FROM activity_logs WHERE event = 'user:api-key.create'") == 1) >= 0, "creation logged");

      List<String> malformed = List.of("Bearer ptlc_short", "Bearer ptlx_" + key.substring(5),
          "Bearer " + key.substring(0, 52), "Bearer " + key + "A", "Bearer " + key.substring(0, 52) + "!",
          "Bearer", "Token " + key, "Basic " + key, "Bearer  " + key.substring(0, 21) + " " + key.substring(22));
      DbCounters before = DbCounters.of(own);
      for (int i = 0; i < 200; i++) {
        assertUnauthenticated(own.http.request("GET", ACCOUNT).header("Authorization", malformed.get(i % malformed.size()))
            .send());
      }
      DbCounters malformedCost = DbCounters.of(own).since(before);
      assertEquals(0, malformedCost.statements(), "statements for 200 malformed keys");
      assertEquals(Map.of(), malformedCost.operations(), "operations for 200 malformed keys");

      String unknown = "ptlc_" + randomAlphanumeric(48);
      before = DbCounters.of(own);
      for (int i = 0; i < 200; i++) {
        assertUnauthenticated(own.http.get(ACCOUNT, unknown));
      }
      DbCounters unknownCost = DbCounters.of(own).since(before);
      assertEquals(Map.of("key.find", 1L), unknownCost.operations(), "operations for one unknown key 200 times");
      assertEquals(1, unknownCost.statements(), "statements for one unknown key 200 times");

      before = DbCounters.of(own);
      assertEquals(200, own.http.get(ACCOUNT, key).status());
      assertEquals(1, DbCounters.of(own).since(before).operation("key.find"), "the first use reads the key");

      long started = System.nanoTime();
      before = DbCounters.of(own);
      for (int i = 0; i < 200; i++) {
        Http.Response r = own.http.get(ACCOUNT, key);
        assertEquals(200, r.status(), r::toString);
      }
      DbCounters cachedCost = DbCounters.of(own).since(before);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(0, cachedCost.operation("key.find"), "key lookups for a cached key");
      assertTrue(Set.of("key.touch").containsAll(cachedCost.operations().keySet()),
          "operations for a cached key: " + cachedCost.operations());
      long touches = cachedCost.operation("key.touch");
      assertEquals(touches, cachedCost.statements(), "statements other than the batched last_used_at writes");
      assertTrue(touches <= elapsedMs / FLUSH_INTERVAL_MS + 1,
          touches + " last_used_at writes in " + elapsedMs + " ms: more than one per flush interval");
    }
  }

  private static String randomAlphanumeric(int length) {
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return out.toString();
  }

  // --- events, and cached keys following changes

  @Test
  void userChangedEventsSayWhatChangedAndNothingSecret() {
    int admin = newUser("eventadmin", true);
    String appKey = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("users", 1)));
    String passwordHash = (String) Sql.value(node, "SELECT password FROM users WHERE id = ?", admin);
    try (Events changed = Events.listen(node, Addresses.EVENT_USER_CHANGED)) {
      assertEquals(200, demote(admin).status());
      JsonObject updated = changed.next("user " + admin, e -> e.getInteger("user_id") == admin);
      assertEquals("updated", updated.getString("change"), updated::encode);
      assertEquals(Boolean.FALSE, updated.getBoolean("root_admin"), updated::encode);
      assertNoSecret(updated, USER_EVENT_FIELDS, passwordHash, appKey);

      assertEquals(204, node.http.delete(USERS + "/" + admin, rootKey).status());
      JsonObject deleted = changed.next("user " + admin + " deleted",
          e -> e.getInteger("user_id") == admin && "deleted".equals(e.getString("change")));
      assertNoSecret(deleted, USER_EVENT_FIELDS, passwordHash, appKey);
    }
  }

  @Test
  void aCachedKeyIsRefusedRightAfterItsUserIsDeletedThroughTheApi() {
    int user = newUser("apideleted", false);
    String key = cachedClientKey(user);
    assertEquals(204, node.http.delete(USERS + "/" + user, rootKey).status());
    assertUnauthenticated(node.http.get(ACCOUNT, key));
  }

  @Test
  void aCachedKeyIsRefusedRightAfterItsUserRowIsDeletedInSql() {
    int user = newUser("sqldeleted", false);
    String key = cachedClientKey(user);
    try (Events changed = Events.listen(node, Addresses.EVENT_USER_CHANGED)) {
      assertEquals(1, Sql.execute(node, "DELETE FROM users WHERE id = ?", user));
      JsonObject deleted = changed.next("user " + user, e -> e.getInteger("user_id") == user);
      assertEquals("deleted", deleted.getString("change"), deleted::encode);
      assertNoSecret(deleted, USER_EVENT_FIELDS, null, key);
    }
    assertRefusedOverTheBus(key, Failure.UNAUTHENTICATED);
    assertUnauthenticated(node.http.get(ACCOUNT, key));
  }

  @Test
  void aCachedKeyIsRefusedRightAfterSqlSetsItsExpiryInThePast() {
    int user = newUser("sqlexpired", false);
    String key = cachedClientKey(user);
    editInSql(user, key, "UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE identifier = ?");
    assertRefusedOverTheBus(key, Failure.UNAUTHENTICATED);
    assertUnauthenticated(node.http.get(ACCOUNT, key));
  }

  @Test
  void aCachedKeyIsRefusedRightAfterSqlNarrowsItsAllowedIps() {
    int user = newUser("sqlnarrowed", false);
    String key = cachedClientKey(user);
    editInSql(user, key, "UPDATE api_keys SET allowed_ips = '[\"10.0.0.0/8\"]'::jsonb WHERE identifier = ?");
    ReplyException refused = assertRefusedOverTheBus(key, Failure.FORBIDDEN);
    assertEquals(ipDenied("127.0.0.1"), new JsonObject(refused.getMessage()).getString("detail"));
    assertForbidden(node.http.get(ACCOUNT, key), ipDenied("127.0.0.1"));
  }

  /** A key used twice (the second use answered from the cache). */
  private static String cachedClientKey(int user) {
    String key = node.makeKey(user, "client", null);
    assertEquals(200, node.http.get(ACCOUNT, key).status(), "first use");
    assertEquals(200, node.http.get(ACCOUNT, key).status(), "cached use");
    return key;
  }

  /** Runs {@code sql} (one parameter: the key's stored identifier) as psql would; awaits the key.revoked event. */
  private static void editInSql(int user, String key, String sql) {
    try (Events revoked = Events.listen(node, Addresses.EVENT_KEY_REVOKED)) {
      assertEquals(1, Sql.execute(node, sql, Sql.storedIdentifier(key)));
      JsonObject event = revoked.next(key.substring(0, 21), e -> key.substring(0, 21).equals(e.getString("identifier")));
      assertEquals("edited", event.getString("reason"), event::encode);
      assertEquals("client", event.getString("type"), event::encode);
      assertEquals(user, event.getInteger("user_id"), event::encode);
      assertNoSecret(event, KEY_EVENT_FIELDS, null, key);
    }
  }

  /**
   * The event reached this test's consumer, so the auth verticle's consumer had it queued too (one
   * publish hands it to both): a verify sent now is served on the auth verticle's event loop after
   * the cache drop, and is the first request to see the change.
   */
  private static ReplyException assertRefusedOverTheBus(String key, Failure expected) {
    Throwable failure = outcome(node.vertx.eventBus(), Addresses.AUTH_VERIFY,
        new JsonObject().put("key", key).put("ip", "127.0.0.1"));
    ReplyException e = assertInstanceOf(ReplyException.class, failure, "the changed key was still verified");
    assertEquals(expected.code(), e.failureCode(), e::getMessage);
    return e;
  }

  private static void assertNoSecret(JsonObject event, Set<String> fields, String passwordHash, String key) {
    assertTrue(fields.containsAll(event.fieldNames()), () -> "unexpected fields in " + event.encode());
    String text = event.encode();
    assertFalse(text.contains(key.substring(21)), "the key's token in an event");
    assertFalse(text.contains("token"), () -> "a token field in " + text);
    assertFalse(text.contains("password"), () -> "a password field in " + text);
    if (passwordHash != null) {
      assertFalse(text.contains(passwordHash), "the password hash in an event");
    }
  }

  // --- the auth context talon.auth.verify answers

  @Test
  void verifyOverTheBusAnswersTheWholeContextOfEachKind() {
    int admin = newUser("ctxadmin", true);
    int plain = newUser("ctxplain", false);
    JsonObject mixed = mixedLevels();
    String appKey = node.makeKey(admin, "application", new JsonObject().put("permissions", mixed));
    String adminClientKey = node.makeKey(admin, "client", null);
    String plainClientKey = node.makeKey(plain, "client", null);

    assertContext(verify(node.vertx.eventBus(), appKey), admin, true, appKey, "application", mixed);
    assertContext(verify(node.vertx.eventBus(), adminClientKey), admin, true, adminClientKey, "client", levels(3));
    assertContext(verify(node.vertx.eventBus(), plainClientKey), plain, false, plainClientKey, "client", levels(0));
  }

  @Test
  void anApplicationKeyOfADemotedOwnerCarriesNoLevels() {
    int admin = newUser("ctxdemoted", true);
    JsonObject mixed = mixedLevels();
    String appKey = node.makeKey(admin, "application", new JsonObject().put("permissions", mixed));
    EventBus bus = node.vertx.eventBus();
    assertContext(verify(bus, appKey), admin, true, appKey, "application", mixed);

    // through the Application API: this node drops the cached context before answering
    assertEquals(200, demote(admin).status());
    assertContext(verify(bus, appKey), admin, false, appKey, "application", levels(0));

    // in SQL: the notification drops it (the verify after the event is served after the drop)
    try (Events changed = Events.listen(node, Addresses.EVENT_USER_CHANGED)) {
      Sql.execute(node, "UPDATE users SET root_admin = true WHERE id = ?", admin);
      changed.next("promotion of " + admin, e -> e.getInteger("user_id") == admin && Boolean.TRUE.equals(e.getBoolean("root_admin")));
      assertContext(verify(bus, appKey), admin, true, appKey, "application", mixed);
      Sql.execute(node, "UPDATE users SET root_admin = false WHERE id = ?", admin);
      changed.next("demotion of " + admin, e -> e.getInteger("user_id") == admin && Boolean.FALSE.equals(e.getBoolean("root_admin")));
      assertContext(verify(bus, appKey), admin, false, appKey, "application", levels(0));
    }
  }

  /** Every level 0 to 3, on different resources. */
  private static JsonObject mixedLevels() {
    return new JsonObject().put("users", 3).put("nodes", 2).put("allocations", 1).put("servers", 0)
        .put("locations", 3).put("nests", 2).put("eggs", 1).put("database_hosts", 0).put("server_databases", 3);
  }

  private static JsonObject levels(int level) {
    JsonObject levels = new JsonObject();
    for (Resource r : Resource.values()) {
      levels.put(r.jsonName(), level);
    }
    return levels;
  }

  private static JsonObject verify(EventBus bus, String key) {
    return bus.<JsonObject>request(Addresses.AUTH_VERIFY, new JsonObject().put("key", key).put("ip", "127.0.0.1"))
        .await().body();
  }

  private static void assertContext(JsonObject context, int userId, boolean rootAdmin, String key, String type,
      JsonObject levels) {
    JsonObject user = context.getJsonObject("user");
    String username = (String) Sql.value(node, "SELECT username FROM users WHERE id = ?", userId);
    assertEquals(userId, user.getInteger("id"), context::encode);
    assertEquals(Sql.value(node, "SELECT uuid FROM users WHERE id = ?", userId).toString(), user.getString("uuid"));
    assertEquals(username, user.getString("username"));
    assertEquals(username + "@example.com", user.getString("email"));
    assertEquals(rootAdmin, user.getBoolean("root_admin"), context::encode);
    JsonObject presented = context.getJsonObject("key");
    assertEquals(key.substring(0, 21), presented.getString("identifier"));
    assertEquals(type, presented.getString("type"));
    assertEquals(levels, context.getJsonObject("permissions"), context::encode);
    assertEquals(9, context.getJsonObject("permissions").size());
    String text = context.encode();
    assertFalse(text.contains(key.substring(21)), "the token in the auth context");
    assertFalse(text.contains("token_hash"), "the token hash in the auth context");
    assertFalse(user.containsKey("password"), "the password hash in the auth context");
  }

  // --- helpers

  private static int newUser(String stem, boolean admin) {
    return node.makeUser(stem + USER_SEQ.incrementAndGet(), admin);
  }

  /** The Application API's PATCH of a user, with only root_admin changed (to false). */
  private static Http.Response demote(int userId) {
    String username = (String) Sql.value(node, "SELECT username FROM users WHERE id = ?", userId);
    return node.http.request("PATCH", USERS + "/" + userId).key(rootKey).json(new JsonObject()
        .put("email", username + "@example.com").put("username", username)
        .put("first_name", "First").put("last_name", "Last").put("root_admin", false)).send();
  }
}
