package dev.talon;

import static dev.talon.support.ApiAssertions.APPLICATION_KEY_ON_CLIENT_API;
import static dev.talon.support.ApiAssertions.NO_API_ACCESS;
import static dev.talon.support.ApiAssertions.UNAUTHORIZED;
import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.assertValidation;
import static dev.talon.support.ApiAssertions.ipDenied;
import static dev.talon.support.ApiAssertions.validationEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.support.Http;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules a presented key goes through: format and lookup (401), expiry, key type per API,
 * application levels, root-admin status, allowed IPs (with IPv6 and X-Forwarded-For) and revocation.
 */
@ExtendWith(VertxExtension.class)
class ApiKeyRulesTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String USERS = "/api/application/users";
  private static final String APP_KEYS = "/api/application/api-keys";

  private static final AtomicInteger USER_SEQ = new AtomicInteger();

  private static TestNode node;
  private static int alice;
  private static String aliceKey;
  private static int root;
  private static String rootClientKey;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of());
    alice = node.makeUser("alice", false);
    aliceKey = node.makeKey(alice, "client", null);
    root = node.makeUser("root", true);
    rootClientKey = node.makeKey(root, "client", null);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static int newUser(TestNode on, String stem, boolean admin) {
    return on.makeUser(stem + USER_SEQ.incrementAndGet(), admin);
  }

  private static JsonObject levels(int users) {
    return new JsonObject().put("permissions", new JsonObject().put("users", users));
  }

  private static JsonObject ips(String... entries) {
    return new JsonObject().put("allowed_ips", new JsonArray(List.of((Object[]) entries)));
  }

  private static Http.Response getWithAuthorization(Http http, String path, String authorization) {
    return http.request("GET", path).header("Authorization", authorization).send();
  }

  private static String alphanumeric(int length, char seed) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt((seed * 7 + i * 13) % alphabet.length()));
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- 401: credentials

  @Test
  void noAuthorizationHeaderIs401() {
    assertUnauthenticated(node.http.get(ACCOUNT, null));
    assertUnauthenticated(node.http.get(USERS, null));
  }

  @Test
  void aCredentialThatIsNotAWellFormedBearerKeyIs401() {
    String k = aliceKey;
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("Basic scheme", "Basic x");
    cases.put("Basic scheme carrying the key", "Basic " + k);
    cases.put("Bearer with nothing", "Bearer");
    cases.put("key without a scheme", k);
    cases.put("one character short", "Bearer " + k.substring(0, k.length() - 1));
    cases.put("one character long", "Bearer " + k + "a");
    cases.put("unknown prefix", "Bearer ptlx_" + k.substring(5));
    cases.put("non-alphanumeric character in the token", "Bearer " + k.substring(0, 40) + "-" + k.substring(41));
    cases.put("non-alphanumeric character in the identifier", "Bearer " + k.substring(0, 10) + "_" + k.substring(11));
    assertEquals(53, k.length());
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Http.Response client = getWithAuthorization(node.http, ACCOUNT, c.getValue());
      Http.Response application = getWithAuthorization(node.http, USERS, c.getValue());
      try {
        assertUnauthenticated(client);
        assertUnauthenticated(application);
      } catch (AssertionError e) {
        throw new AssertionError(c.getKey() + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void aWellFormedKeyThatDoesNotMatchIs401() {
    String unknownIdentifier = "ptlc_" + alphanumeric(48, 'u');
    String wrongToken = aliceKey.substring(0, 21) + alphanumeric(32, 'w');
    assertFalse(wrongToken.equals(aliceKey));
    // the identifier and token of a client key presented with the application prefix, and back
    String clientKeyAsApplication = "ptla_" + rootClientKey.substring(5);
    String appKey = node.makeKey(root, "application", levels(3));
    String applicationKeyAsClient = "ptlc_" + appKey.substring(5);
    assertEquals(200, node.http.get(USERS, rootClientKey).status(), "the real client key works");
    assertEquals(200, node.http.get(USERS, appKey).status(), "the real application key works");

    assertUnauthenticated(node.http.get(ACCOUNT, unknownIdentifier));
    assertUnauthenticated(node.http.get(USERS, "ptla_" + alphanumeric(48, 'v')));
    assertUnauthenticated(node.http.get(ACCOUNT, wrongToken));
    assertUnauthenticated(node.http.get(USERS, clientKeyAsApplication));
    assertUnauthenticated(node.http.get(ACCOUNT, clientKeyAsApplication));
    assertUnauthenticated(node.http.get(ACCOUNT, applicationKeyAsClient));
    assertUnauthenticated(node.http.get(USERS, applicationKeyAsClient));
  }

  @Test
  void bearerSchemeIsCaseInsensitiveAndSurroundingWhitespaceIsIgnored() {
    for (String authorization : new String[] {
        "bearer " + aliceKey,
        "BEARER " + aliceKey,
        "BeArEr " + aliceKey,
        "Bearer    " + aliceKey,
        "Bearer\t" + aliceKey,
        "  Bearer " + aliceKey + "   ",
        "\tbearer  " + aliceKey + "\t"}) {
      Http.Response r = getWithAuthorization(node.http, ACCOUNT, authorization);
      assertEquals(200, r.status(), () -> "[" + authorization.replace(aliceKey, "<key>") + "] gave " + r);
      assertEquals(alice, r.json().getJsonObject("attributes").getInteger("id"));
    }
  }

  @Test
  void anExpiredKeyIs401AtOnce() throws Exception {
    int user = newUser(node, "expiring", false);
    Instant expiresAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
    String key = node.makeKey(user, "client", new JsonObject().put("expires_at", expiresAt.toString()));
    Http.Response before = node.http.get(ACCOUNT, key);
    assertEquals(200, before.status(), "usable before it expires: " + before);

    long waitMs = Instant.now().until(expiresAt, ChronoUnit.MILLIS) + 50;
    if (waitMs > 0) {
      Thread.sleep(waitMs);
    }
    assertUnauthenticated(node.http.get(ACCOUNT, key));
    assertUnauthenticated(node.http.get(ACCOUNT, key));
  }

  @Test
  void creatingAKeyThatExpiresInThePastIs422OnExpiresAt() {
    for (String past : new String[] {
        Instant.now().minusSeconds(3600).toString(),
        Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString()}) {
      Http.Response r = node.http.post(ACCOUNT + "/api-keys", aliceKey,
          new JsonObject().put("description", "already expired").put("expires_at", past));
      JsonArray errors = assertValidation(r);
      assertEquals(1, errors.size(), errors.encode());
      validationEntry(errors, "expires_at");
    }
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM api_keys WHERE description = 'already expired'"));
  }

  // ---------------------------------------------------------------- 403: levels and key types

  @Test
  void applicationLevelsDecideReadAccessToUsers() {
    String none = node.makeKey(root, "application",
        new JsonObject().put("permissions", new JsonObject().put("users", 0).put("servers", 3).put("nodes", 3)));
    String read = node.makeKey(root, "application", levels(1));
    String readWrite = node.makeKey(root, "application", levels(2));
    String all = node.makeKey(root, "application", levels(3));

    assertForbidden(node.http.get(USERS, none), UNAUTHORIZED);
    assertForbidden(node.http.get(USERS + "/" + alice, none), UNAUTHORIZED);
    for (String key : new String[] {read, readWrite, all}) {
      Http.Response list = node.http.get(USERS, key);
      assertEquals(200, list.status(), list.toString());
      assertEquals("list", list.json().getString("object"));
      Http.Response one = node.http.get(USERS + "/" + alice, key);
      assertEquals(200, one.status(), one.toString());
      assertEquals("alice", one.json().getJsonObject("attributes").getString("username"));
    }
  }

  @Test
  void anApplicationKeyOnTheClientApiIs403() {
    String appKey = node.makeKey(root, "application", levels(3));
    assertForbidden(node.http.get(ACCOUNT, appKey), APPLICATION_KEY_ON_CLIENT_API);
    assertForbidden(node.http.get(ACCOUNT + "/api-keys", appKey), APPLICATION_KEY_ON_CLIENT_API);
  }

  @Test
  void aNonAdminClientKeyOnTheApplicationApiIs403() {
    assertForbidden(node.http.get(USERS, aliceKey), NO_API_ACCESS);
    assertForbidden(node.http.get(USERS + "/" + alice, aliceKey), NO_API_ACCESS);
  }

  @Test
  void anAdminClientKeyHasFullApplicationAccess() {
    Http.Response list = node.http.get(USERS, rootClientKey);
    assertEquals(200, list.status(), list.toString());
    Http.Response one = node.http.get(USERS + "/" + alice, rootClientKey);
    assertEquals(200, one.status(), one.toString());
    Http.Response account = node.http.get(ACCOUNT, rootClientKey);
    assertEquals(200, account.status(), "and it still works on the client API: " + account);
  }

  @Test
  void demotingTheOwnerStopsTheApplicationKeyAtOnce() {
    int admin = newUser(node, "demoted", true);
    String appKey = node.makeKey(admin, "application", levels(1));
    String clientKey = node.makeKey(admin, "client", null);
    assertEquals(200, node.http.get(USERS, appKey).status(), "works while its owner is a root admin");
    assertEquals(200, node.http.get(USERS, clientKey).status(), "admin client key works too");

    assertEquals(1, Sql.execute(node, "UPDATE users SET root_admin = false WHERE id = ?", admin));
    long started = System.nanoTime();
    // 10 ms apart: at most 200 polls, under the 240/min application rate limit that is checked first
    long tookMs = Poll.until(2000, 10, () -> node.http.get(USERS, appKey).status() == 403);
    long measured = (System.nanoTime() - started) / 1_000_000;
    System.out.println("[ApiKeyRulesTest] demotion refused the application key after " + measured + " ms");
    assertTrue(tookMs >= 0, "application key still accepted 2 s after its owner was demoted");

    assertForbidden(node.http.get(USERS, appKey), NO_API_ACCESS);
    assertForbidden(node.http.get(USERS, appKey), NO_API_ACCESS);
    assertForbidden(node.http.get(USERS, clientKey), NO_API_ACCESS);
    Http.Response account = node.http.get(ACCOUNT, clientKey);
    assertEquals(200, account.status(), "the client key still works on the client API: " + account);
    assertEquals(false, account.json().getJsonObject("attributes").getBoolean("admin"));
  }

  @Test
  void applicationKeysCannotManageKeys() {
    String appKey = node.makeKey(root, "application", new JsonObject().put("permissions", new JsonObject()
        .put("users", 3).put("nodes", 3).put("allocations", 3).put("servers", 3).put("locations", 3)
        .put("nests", 3).put("eggs", 3).put("database_hosts", 3).put("server_databases", 3)));
    JsonObject body = new JsonObject().put("description", "made by an application key")
        .put("permissions", new JsonObject().put("users", 3));
    assertForbidden(node.http.get(APP_KEYS, appKey), UNAUTHORIZED);
    assertForbidden(node.http.post(APP_KEYS, appKey, body), UNAUTHORIZED);
    assertForbidden(node.http.get(APP_KEYS, aliceKey), NO_API_ACCESS);
    assertForbidden(node.http.post(APP_KEYS, aliceKey, body), NO_API_ACCESS);
    assertEquals(0, Sql.count(node, "SELECT count(*) FROM api_keys WHERE description = ?", "made by an application key"));
  }

  // ---------------------------------------------------------------- allowed IPs

  @Test
  void allowedIpsOverIpv4() {
    int user = newUser(node, "ipv4", false);
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("127.0.0.1", 200);
    expected.put("10.0.0.0/8", 403);
    expected.put("127.0.0.0/8", 200);
    expected.put("::1", 403);
    expected.put("::ffff:127.0.0.1", 200);
    expected.put("192.168.1.100,127.0.0.1", 200);
    for (Map.Entry<String, Integer> c : expected.entrySet()) {
      String key = node.makeKey(user, "client", ips(c.getKey().split(",")));
      Http.Response r = node.http.get(ACCOUNT, key);
      if (c.getValue() == 200) {
        assertEquals(200, r.status(), () -> c.getKey() + " from 127.0.0.1: " + r);
      } else {
        try {
          assertForbidden(r, ipDenied("127.0.0.1"));
        } catch (AssertionError e) {
          throw new AssertionError(c.getKey() + " from 127.0.0.1: " + e.getMessage(), e);
        }
      }
    }
  }

  @Test
  void allowedIpsOverIpv6() {
    try (TestNode dual = TestNode.start(Map.of("http.host", "::"))) {
      int port = dual.config.getJsonObject("http").getInteger("port");
      Http v6 = new Http("http://[::1]:" + port);
      int user = dual.makeUser("sixer", false);
      String v6Key = dual.makeKey(user, "client", ips("::1"));
      String v6CidrKey = dual.makeKey(user, "client", ips("::1/128"));
      String v4Key = dual.makeKey(user, "client", ips("127.0.0.1"));
      String anyKey = dual.makeKey(user, "client", null);

      Http.Response open = v6.get(ACCOUNT, anyKey);
      assertEquals(200, open.status(), "the node answers over IPv6 loopback: " + open);
      assertEquals(200, v6.get(ACCOUNT, v6Key).status(), "[::1] from ::1");
      assertEquals(200, v6.get(ACCOUNT, v6CidrKey).status(), "[::1/128] from ::1");
      assertForbidden(v6.get(ACCOUNT, v4Key), ipDenied("::1"));

      // the same dual-stack node reached over IPv4: the peer is 127.0.0.1 whichever way the socket reports it
      assertEquals(200, dual.http.get(ACCOUNT, v4Key).status(), "[127.0.0.1] from 127.0.0.1 on a :: listener");
      assertForbidden(dual.http.get(ACCOUNT, v6Key), ipDenied("127.0.0.1"));
    }
  }

  @Test
  void forwardedForIsIgnoredWithoutTrustedProxies() {
    int user = newUser(node, "forwarded", false);
    String key = node.makeKey(user, "client", ips("10.1.2.3"));
    Http.Response r = node.http.request("GET", ACCOUNT).key(key).header("X-Forwarded-For", "10.1.2.3").send();
    assertForbidden(r, ipDenied("127.0.0.1"));
    Http.Response forwarded = node.http.request("GET", ACCOUNT).key(key).header("Forwarded", "for=10.1.2.3").send();
    assertForbidden(forwarded, ipDenied("127.0.0.1"));
  }

  @Test
  void forwardedForFromATrustedProxyUsesTheRightMostUntrustedAddress() {
    try (TestNode proxied = TestNode.start(Map.of("trusted-proxies", "127.0.0.1"))) {
      int user = proxied.makeUser("proxied", false);
      String key = proxied.makeKey(user, "client", ips("10.1.2.3"));

      Http.Response direct = proxied.http.request("GET", ACCOUNT).key(key).header("X-Forwarded-For", "10.1.2.3").send();
      assertEquals(200, direct.status(), direct.toString());
      Http.Response chain = proxied.http.request("GET", ACCOUNT).key(key)
          .header("X-Forwarded-For", "10.1.2.3, 127.0.0.1").send();
      assertEquals(200, chain.status(), "trusted hops are skipped: " + chain);
      Http.Response spoofed = proxied.http.request("GET", ACCOUNT).key(key)
          .header("X-Forwarded-For", "10.1.2.3, 192.0.2.9").send();
      assertForbidden(spoofed, ipDenied("192.0.2.9"));
      Http.Response none = proxied.http.get(ACCOUNT, key);
      assertForbidden(none, ipDenied("127.0.0.1"));
    }
  }

  // ---------------------------------------------------------------- revocation

  @Test
  void aKeyRevokedThroughTheApiIsRefusedOnTheVeryNextRequest() {
    int user = newUser(node, "revoker", false);
    String key = node.makeKey(user, "client", null);
    assertEquals(200, node.http.get(ACCOUNT, key).status(), "cached by a first use");
    String identifier = key.substring(0, 21);
    Http.Response deleted = node.http.delete(ACCOUNT + "/api-keys/" + identifier, key);
    assertEquals(204, deleted.status(), deleted.toString());
    assertUnauthenticated(node.http.get(ACCOUNT, key));
    assertUnauthenticated(node.http.get(ACCOUNT, key));
  }

  @Test
  void aKeyDeletedInTheDatabaseIsRefusedSoonAfter() {
    int user = newUser(node, "sqlrevoked", true);
    String key = node.makeKey(user, "client", null);
    String appKey = node.makeKey(user, "application", levels(1));
    assertEquals(200, node.http.get(ACCOUNT, key).status(), "cached by a first use");
    assertEquals(200, node.http.get(USERS, appKey).status(), "cached by a first use");

    assertEquals(1, Sql.execute(node, "DELETE FROM api_keys WHERE identifier = ?", Sql.storedIdentifier(key)));
    long tookMs = Poll.until(2000, 2, () -> node.http.get(ACCOUNT, key).status() == 401);
    System.out.println("[ApiKeyRulesTest] SQL revocation refused the client key after " + tookMs + " ms");
    assertTrue(tookMs >= 0, "key deleted in the database still accepted after 2 s");
    assertUnauthenticated(node.http.get(ACCOUNT, key));
    assertTrue(tookMs < 500, "refused within 500 ms of the DELETE, took " + tookMs + " ms");

    assertEquals(1, Sql.execute(node, "DELETE FROM api_keys WHERE identifier = ?", Sql.storedIdentifier(appKey)));
    long appTookMs = Poll.until(2000, 2, () -> node.http.get(USERS, appKey).status() == 401);
    System.out.println("[ApiKeyRulesTest] SQL revocation refused the application key after " + appTookMs + " ms");
    assertTrue(appTookMs >= 0 && appTookMs < 500, "application key refused within 500 ms, took " + appTookMs + " ms");
    assertUnauthenticated(node.http.get(USERS, appKey));
  }
}
