package dev.talon;

import static dev.talon.support.ApiAssertions.KEY_LIMIT;
import static dev.talon.support.ApiAssertions.TOO_MANY;
import static dev.talon.support.ApiAssertions.assertError;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.ipDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Failure;
import dev.talon.support.Http;
import dev.talon.support.LogCapture;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import dev.talon.support.Windows;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What happens around a key's use: last_used_at batches (and the shutdown flush), the account key
 * limit under concurrency, rate limits, and the public event-bus contract (verify, key events).
 */
@ExtendWith(VertxExtension.class)
class KeyUsageAndLimitsTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String KEYS = "/api/client/account/api-keys";
  private static final String APP_KEYS = "/api/application/api-keys";
  private static final String USERS = "/api/application/users";
  private static final long FLUSH_INTERVAL_MS = 200;

  private static final AtomicInteger USER_SEQ = new AtomicInteger();

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("key-limit", "25", "usage.flush-interval-ms", String.valueOf(FLUSH_INTERVAL_MS)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int newUser(TestNode on, String stem, boolean admin) {
    return on.makeUser(stem + USER_SEQ.incrementAndGet(), admin);
  }

  private static Instant lastUsedInDatabase(TestNode on, String key) {
    return Sql.instant(on, "SELECT last_used_at FROM api_keys WHERE identifier = ?", Sql.storedIdentifier(key));
  }

  private static JsonObject listed(TestNode on, String listingKey, String identifier) {
    Http.Response r = on.http.get(KEYS, listingKey);
    assertEquals(200, r.status(), r.toString());
    JsonArray data = r.json().getJsonArray("data");
    for (int i = 0; i < data.size(); i++) {
      JsonObject a = data.getJsonObject(i).getJsonObject("attributes");
      if (identifier.equals(a.getString("identifier"))) {
        return a;
      }
    }
    throw new AssertionError(identifier + " not listed: " + r);
  }

  // ---------------------------------------------------------------- last_used_at

  @Test
  void lastUsedAtIsWrittenInBatchesWithinTheFlushInterval() throws Exception {
    int user = newUser(node, "usage", false);
    String lister = node.makeKey(user, "client", null);
    Http.Response created = node.http.post(KEYS, lister, new JsonObject().put("description", "usage"));
    assertEquals(200, created.status(), created.toString());
    JsonObject attributes = created.json().getJsonObject("attributes");
    String identifier = attributes.getString("identifier");
    String key = identifier + created.json().getJsonObject("meta").getString("secret_token");
    LogCapture.rememberSecret(key);
    assertTrue(attributes.containsKey("last_used_at"));
    assertNull(attributes.getValue("last_used_at"), "null after creation");

    Thread.sleep(2 * FLUSH_INTERVAL_MS);
    assertNull(lastUsedInDatabase(node, key), "still null in the database: never used");
    assertNull(listed(node, lister, identifier).getValue("last_used_at"), "still null in the listing");

    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    assertEquals(200, node.http.get(ACCOUNT, key).status());
    Instant after = Instant.now();
    String shown = listed(node, lister, identifier).getString("last_used_at");
    assertNotNull(shown, "the listing shows the use at once, written or not");
    Instant shownAt = OffsetDateTime.parse(shown).toInstant();
    assertFalse(shownAt.isBefore(before.truncatedTo(ChronoUnit.SECONDS)), shown + " vs use at " + before);
    assertFalse(shownAt.isAfter(after), shown + " vs " + after);

    long tookMs = Poll.until(5 * FLUSH_INTERVAL_MS, 10, () -> lastUsedInDatabase(node, key) != null);
    System.out.println("[KeyUsageAndLimitsTest] last_used_at reached the database "
        + (tookMs < 0 ? "not within " + 5 * FLUSH_INTERVAL_MS + " ms" : tookMs + " ms after the listing")
        + " (flush interval " + FLUSH_INTERVAL_MS + " ms)");
    assertTrue(tookMs >= 0, "last_used_at written within " + 5 * FLUSH_INTERVAL_MS + " ms");
    Instant stored = lastUsedInDatabase(node, key);
    assertFalse(stored.isBefore(before.minusMillis(1)), stored + " vs use at " + before);
    assertFalse(stored.isAfter(after), stored + " vs " + after);
  }

  @Test
  void aUseJustBeforeAGracefulStopIsWritten() {
    try (TestNode stopping = TestNode.start(Map.of("usage.flush-interval-ms", "60000"))) {
      int user = stopping.makeUser("stopper", false);
      String lister = stopping.makeKey(user, "client", null);
      String key = stopping.makeKey(user, "client", null);
      assertEquals(200, stopping.http.get(ACCOUNT, key).status());
      assertNotNull(listed(stopping, lister, key.substring(0, 21)).getString("last_used_at"),
          "the listing shows a use not yet written");
      assertNull(lastUsedInDatabase(stopping, key), "not written yet: the next flush is a minute away");

      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      assertEquals(200, stopping.http.get(ACCOUNT, key).status());
      stopping.stop();

      Instant stored = lastUsedInDatabase(stopping, key);
      assertNotNull(stored, "the shutdown flush wrote the last use");
      assertFalse(stored.isBefore(before.minusMillis(1)), "the very last use: " + stored + " vs " + before);
      assertNotNull(lastUsedInDatabase(stopping, lister), "and the listing key's use too");
    }
  }

  // ---------------------------------------------------------------- key limit

  @Test
  void theKeyLimitHoldsUnderConcurrentCreationOverTheBus() {
    int user = newUser(node, "buslimit", false);
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      JsonObject request = new JsonObject().put("user_id", user).put("type", "client").put("description", "bus " + i);
      calls.add(node.vertx.eventBus().<JsonObject>request(Addresses.AUTH_KEY_CREATE, request,
          new DeliveryOptions().setSendTimeout(20_000)).map(m -> m.body()));
    }
    Future.join(calls).otherwiseEmpty().await();
    int created = 0;
    int refused = 0;
    for (Future<JsonObject> call : calls) {
      if (call.succeeded()) {
        created++;
        LogCapture.rememberSecret(call.result().getString("secret_token"));
      } else {
        ReplyException e = assertInstanceOf(ReplyException.class, call.cause());
        assertEquals(Failure.DISPLAY.code(), e.failureCode(), e.getMessage());
        assertEquals(KEY_LIMIT, new JsonObject(e.getMessage()).getString("detail"));
        refused++;
      }
    }
    assertEquals(25, created, "exactly the limit created");
    assertEquals(25, refused);
    assertEquals(25, Sql.count(node, "SELECT count(*) FROM api_keys WHERE user_id = ?", user));
  }

  @Test
  void theKeyLimitHoldsUnderConcurrentCreationOverHttp() throws Exception {
    int user = newUser(node, "httplimit", false);
    String key = node.makeKey(user, "client", null);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch gate = new CountDownLatch(1);
    List<java.util.concurrent.Future<Http.Response>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        JsonObject body = new JsonObject().put("description", "http " + i);
        calls.add(pool.submit(() -> {
          gate.await();
          return node.http.post(KEYS, key, body);
        }));
      }
      gate.countDown();
      int created = 0;
      int refused = 0;
      for (java.util.concurrent.Future<Http.Response> call : calls) {
        Http.Response r = call.get(30, TimeUnit.SECONDS);
        if (r.status() == 200) {
          created++;
          LogCapture.rememberSecret(r.json().getJsonObject("meta").getString("secret_token"));
        } else {
          assertError(r, 400, "DisplayException", KEY_LIMIT);
          refused++;
        }
      }
      // the key used for the requests is one of the 25
      assertEquals(24, created, "exactly up to the limit created");
      assertEquals(26, refused);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(25, Sql.count(node, "SELECT count(*) FROM api_keys WHERE user_id = ?", user));
  }

  @Test
  void clientAndApplicationKeysCountTogether() {
    int admin = newUser(node, "together", true);
    node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("users", 1)));
    String key = node.makeKey(admin, "client", null);
    for (int i = 0; i < 22; i++) {
      node.makeKey(admin, "client", null);
    }
    assertEquals(24, Sql.count(node, "SELECT count(*) FROM api_keys WHERE user_id = ?", admin));
    Http.Response twentyFifth = node.http.post(KEYS, key, new JsonObject().put("description", "25th"));
    assertEquals(200, twentyFifth.status(), "23 client + 1 application + this one = 25: " + twentyFifth);
    String extra = twentyFifth.json().getJsonObject("attributes").getString("identifier");
    LogCapture.rememberSecret(twentyFifth.json().getJsonObject("meta").getString("secret_token"));

    assertError(node.http.post(KEYS, key, new JsonObject().put("description", "26th")), 400, "DisplayException", KEY_LIMIT);
    assertError(node.http.post(APP_KEYS, key, new JsonObject().put("description", "26th application")
        .put("permissions", new JsonObject().put("users", 1))), 400, "DisplayException", KEY_LIMIT);
    assertEquals(25, Sql.count(node, "SELECT count(*) FROM api_keys WHERE user_id = ?", admin));

    assertEquals(204, node.http.delete(KEYS + "/" + extra, key).status());
    Http.Response again = node.http.post(APP_KEYS, key, new JsonObject().put("description", "room again")
        .put("permissions", new JsonObject().put("users", 1)));
    assertEquals(201, again.status(), "a deleted key frees its place: " + again);
    LogCapture.rememberSecret(again.json().getJsonObject("meta").getString("secret_token"));
  }

  // ---------------------------------------------------------------- rate limits

  private static void assertRemaining(Http.Response r, String limit, String remaining) {
    assertEquals(200, r.status(), r.toString());
    assertEquals(limit, r.header("X-RateLimit-Limit"), "X-RateLimit-Limit");
    assertEquals(remaining, r.header("X-RateLimit-Remaining"), "X-RateLimit-Remaining");
  }

  private static void assertThrottled(Http.Response r) {
    assertError(r, 429, "ThrottleRequestsException", TOO_MANY);
    String retryAfter = r.header("Retry-After");
    assertNotNull(retryAfter, "Retry-After on a 429");
    assertTrue(retryAfter.matches("\\d+"), "integer seconds: " + retryAfter);
    int seconds = Integer.parseInt(retryAfter);
    assertTrue(seconds >= 1 && seconds <= 60, "1..60 seconds: " + seconds);
  }

  @Test
  void rateLimitsCountPerUserAndApiAfterAuthentication() {
    try (TestNode limited = TestNode.start(Map.of("rate-limit.client", "5", "rate-limit.application", "3"))) {
      int user = limited.makeUser("throttled", false);
      String key = limited.makeKey(user, "client", null);
      String secondKey = limited.makeKey(user, "client", null);
      String wrongToken = key.substring(0, 21) + "A".repeat(32);
      Windows.awaitRoom(10_000);
      for (int i = 0; i < 8; i++) {
        assertUnauthenticated(limited.http.get(ACCOUNT, wrongToken));
      }
      assertUnauthenticated(limited.http.get(ACCOUNT, null));

      for (int remaining = 4; remaining >= 0; remaining--) {
        assertRemaining(limited.http.get(ACCOUNT, key), "5", String.valueOf(remaining));
      }
      assertThrottled(limited.http.get(ACCOUNT, key));
      assertThrottled(limited.http.get(ACCOUNT, secondKey));
      assertUnauthenticated(limited.http.get(ACCOUNT, wrongToken));

      int other = limited.makeUser("unthrottled", false);
      String otherKey = limited.makeKey(other, "client", null);
      assertRemaining(limited.http.get(ACCOUNT, otherKey), "5", "4");

      int admin = limited.makeUser("throttledadmin", true);
      String adminKey = limited.makeKey(admin, "client", null);
      String appKey = limited.makeKey(admin, "application",
          new JsonObject().put("permissions", new JsonObject().put("users", 1)));
      for (int remaining = 4; remaining >= 0; remaining--) {
        assertRemaining(limited.http.get(ACCOUNT, adminKey), "5", String.valueOf(remaining));
      }
      assertThrottled(limited.http.get(ACCOUNT, adminKey));
      // the application API has a bucket of its own, shared by the user's keys
      assertRemaining(limited.http.get(USERS, adminKey), "3", "2");
      assertRemaining(limited.http.get(USERS, appKey), "3", "1");
      assertRemaining(limited.http.get(USERS, adminKey), "3", "0");
      assertThrottled(limited.http.get(USERS, appKey));
      assertThrottled(limited.http.get(USERS, adminKey));
    }
  }

  // ---------------------------------------------------------------- the event-bus contract

  /** An outside verticle: verifies a key over the bus when it starts, and keeps the outcome. */
  static final class VerifyOnStart extends VerticleBase {
    private final JsonObject request;
    volatile JsonObject reply;
    volatile Throwable failure;

    VerifyOnStart(String key, String ip) {
      this.request = new JsonObject().put("key", key).put("ip", ip);
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().<JsonObject>request(Addresses.AUTH_VERIFY, request)
          .andThen(ar -> {
            if (ar.succeeded()) {
              reply = ar.result().body();
            } else {
              failure = ar.cause();
            }
          })
          .otherwiseEmpty();
    }
  }

  private static VerifyOnStart verify(String key, String ip) {
    VerifyOnStart verticle = new VerifyOnStart(key, ip);
    String id = node.vertx.deployVerticle(verticle).await();
    node.vertx.undeploy(id).await();
    return verticle;
  }

  private static void assertRefused(VerifyOnStart v, Failure expected) {
    assertNull(v.reply, "no auth context for a refused key");
    ReplyException e = assertInstanceOf(ReplyException.class, v.failure);
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, e.failureType());
    assertEquals(expected.code(), e.failureCode(), e.getMessage());
  }

  @Test
  void anOutsideVerticleVerifiesKeysOverTheEventBus() {
    String username = "bususer" + USER_SEQ.incrementAndGet();
    int user = node.makeUser(username, false);
    String key = node.makeKey(user, "client", null);

    VerifyOnStart ok = verify(key, "127.0.0.1");
    assertNull(ok.failure, () -> "verified: " + ok.failure);
    JsonObject context = ok.reply;
    assertNotNull(context);
    assertEquals(user, context.getJsonObject("user").getInteger("id"));
    assertEquals(username, context.getJsonObject("user").getString("username"));
    assertEquals(key.substring(0, 21), context.getJsonObject("key").getString("identifier"));
    assertEquals(21, context.getJsonObject("key").getString("identifier").length());
    assertEquals("client", context.getJsonObject("key").getString("type"));
    JsonObject permissions = context.getJsonObject("permissions");
    assertNotNull(permissions, context.encode());
    assertEquals(0, permissions.getInteger("users"), "a non-admin's client key has no application levels");
    assertFalse(context.encode().contains(key.substring(21)), "no token in the auth context");
    assertFalse(context.encode().contains("token_hash"), "no token hash in the auth context");
    assertFalse(context.getJsonObject("user").containsKey("password"), "no password hash in the auth context");

    assertRefused(verify(key.substring(0, 21) + "B".repeat(32), "127.0.0.1"), Failure.UNAUTHENTICATED);
    assertRefused(verify("ptlc_" + "C".repeat(48), "127.0.0.1"), Failure.UNAUTHENTICATED);
    assertRefused(verify("not a key", "127.0.0.1"), Failure.UNAUTHENTICATED);

    String restricted = node.makeKey(user, "client",
        new JsonObject().put("allowed_ips", new JsonArray().add("10.0.0.0/8")));
    VerifyOnStart blocked = verify(restricted, "127.0.0.1");
    assertRefused(blocked, Failure.FORBIDDEN);
    assertEquals(ipDenied("127.0.0.1"), new JsonObject(blocked.failure.getMessage()).getString("detail"));
    assertNotNull(verify(restricted, "10.9.8.7").reply, "allowed from inside the range");
  }

  @Test
  void keyEventsArePublishedWithoutTheToken() {
    Queue<JsonObject> created = new ConcurrentLinkedQueue<>();
    Queue<JsonObject> revoked = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> onCreated = node.vertx.eventBus().consumer(Addresses.EVENT_KEY_CREATED,
        m -> created.add(m.body()));
    MessageConsumer<JsonObject> onRevoked = node.vertx.eventBus().consumer(Addresses.EVENT_KEY_REVOKED,
        m -> revoked.add(m.body()));
    try {
      onCreated.completion().await();
      onRevoked.completion().await();
      int user = newUser(node, "events", false);
      String key = node.makeKey(user, "client", null);

      Http.Response r = node.http.post(KEYS, key, new JsonObject().put("description", "evented"));
      assertEquals(200, r.status(), r.toString());
      String identifier = r.json().getJsonObject("attributes").getString("identifier");
      String token = r.json().getJsonObject("meta").getString("secret_token");
      LogCapture.rememberSecret(token);

      long createdMs = Poll.until(2000, 5, () -> created.stream().anyMatch(e -> identifier.equals(e.getString("identifier"))));
      assertTrue(createdMs >= 0, "key.created event within 2 s: " + created);
      JsonObject createdEvent = created.stream().filter(e -> identifier.equals(e.getString("identifier"))).findFirst().get();
      assertEquals("client", createdEvent.getString("type"));
      assertEquals(user, createdEvent.getInteger("user_id"));

      assertEquals(204, node.http.delete(KEYS + "/" + identifier, key).status());
      long revokedMs = Poll.until(2000, 5, () -> revoked.stream().anyMatch(e -> identifier.equals(e.getString("identifier"))));
      assertTrue(revokedMs >= 0, "key.revoked event within 2 s: " + revoked);
      JsonObject revokedEvent = revoked.stream().filter(e -> identifier.equals(e.getString("identifier"))).findFirst().get();
      assertEquals(user, revokedEvent.getInteger("user_id"));

      for (JsonObject event : List.copyOf(created)) {
        assertFalse(event.encode().contains(token), "no token in " + event.encode());
        assertFalse(event.encode().contains(key.substring(21)), "no token in " + event.encode());
        assertFalse(event.containsKey("token_hash"), event.encode());
      }
      for (JsonObject event : List.copyOf(revoked)) {
        assertFalse(event.encode().contains(token), "no token in " + event.encode());
        assertFalse(event.containsKey("token_hash"), event.encode());
      }
    } finally {
      onCreated.unregister().await();
      onRevoked.unregister().await();
    }
  }
}
