package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Failure;
import dev.talon.support.Http;
import dev.talon.support.Poll;
import dev.talon.support.TestCluster;
import dev.talon.support.TestNode;
import dev.talon.support.TestPostgres;
import dev.talon.support.Windows;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two Talon nodes joined over Hazelcast TCP-IP on 127.0.0.1, sharing one database and secret, and a
 * third cluster member with no Talon verticle at all, as an outside verticle would run.
 */
class ClusterTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String USERS = "/api/application/users";

  @Test
  void twoNodesBehaveAsOneSystem() throws Exception {
    try (TestCluster.Trio cluster = TestCluster.trio("talon-test")) {
      TestNode a = cluster.a;
      TestNode b = cluster.b();
      Vertx outside = cluster.outside;

      int admin = a.makeUser("clusteradmin", true);
      String clientKey = a.makeKey(admin, "client", null);
      String appKey = a.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("users", 1)));

      // minted on A, works on B
      assertEquals(200, b.http.get(ACCOUNT, clientKey).status());
      assertEquals(200, b.http.get(USERS, appKey).status());

      // revoked on A, refused on B: three keys, each timed
      List<Long> delays = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String key = a.makeKey(admin, "client", null);
        TestNode nodeB = b;
        assertEquals(200, nodeB.http.get(ACCOUNT, key).status(), "cached on B");
        Http.Response revoked = a.http.delete(ACCOUNT + "/api-keys/" + key.substring(0, 21), clientKey);
        assertEquals(204, revoked.status());
        long started = System.nanoTime();
        long tookMs = Poll.until(2000, 1, () -> nodeB.http.get(ACCOUNT, key).status() == 401);
        assertTrue(tookMs >= 0, "B still accepted a key revoked on A after 2 s");
        delays.add((System.nanoTime() - started) / 1_000_000);
      }
      Collections.sort(delays);
      System.out.println("[ClusterTest] revoked on A, refused on B after " + delays + " ms");
      assertTrue(delays.get(1) < 100, "median cross-node revocation delay under 100 ms: " + delays);

      // an outside verticle on a third member asks talon.auth.verify
      JsonObject context = outside.eventBus().<JsonObject>request(Addresses.AUTH_VERIFY,
          new JsonObject().put("key", clientKey).put("ip", "127.0.0.1")).await().body();
      assertEquals(admin, context.getJsonObject("user").getInteger("id"));
      Throwable refused = outside.eventBus().request(Addresses.AUTH_VERIFY,
          new JsonObject().put("key", "ptlc_" + "Z".repeat(48)).put("ip", "127.0.0.1"))
          .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
      assertInstanceOf(ReplyException.class, refused);
      assertEquals(Failure.UNAUTHENTICATED.code(), ((ReplyException) refused).failureCode());

      // an admin demoted on B: the admin's application key is refused on A
      int other = b.makeUser("demotedincluster", true);
      String otherAppKey = b.makeKey(other, "application", new JsonObject().put("permissions", new JsonObject().put("users", 1)));
      assertEquals(200, a.http.get(USERS, otherAppKey).status(), "cached on A");
      Http.Response demoted = b.http.request("PATCH", USERS + "/" + other).key(clientKey).json(new JsonObject()
          .put("email", "demotedincluster@example.com").put("username", "demotedincluster")
          .put("first_name", "First").put("last_name", "Last").put("root_admin", false)).send();
      assertEquals(200, demoted.status(), demoted.toString());
      TestNode nodeA = a;
      long demotionMs = Poll.until(2000, 1, () -> nodeA.http.get(USERS, otherAppKey).status() == 403);
      System.out.println("[ClusterTest] demoted on B, refused on A after " + demotionMs + " ms");
      assertTrue(demotionMs >= 0, "A still accepted the demoted admin's application key after 2 s");

      // B stops; A and the cluster keep answering
      cluster.stopB();
      assertEquals(200, a.http.get(ACCOUNT, clientKey).status());
      JsonObject again = outside.eventBus().<JsonObject>request(Addresses.AUTH_VERIFY,
          new JsonObject().put("key", clientKey).put("ip", "127.0.0.1")).await().body();
      assertEquals(admin, again.getJsonObject("user").getInteger("id"));
    }
  }

  @Test
  void rateLimitsHoldAcrossNodes() throws Exception {
    String name = "talon-test-" + UUID.randomUUID();
    String secret = TestNode.randomSecret();
    String dbUri = TestPostgres.newDatabaseUri();
    Map<String, String> settings = new java.util.HashMap<>(TestCluster.nodeSettings(name, secret));
    settings.put("rate-limit.client", "6");
    settings.put("rate-limit.sync-interval-ms", "100");
    TestNode a = TestNode.start(dbUri, settings);
    TestNode b = null;
    try {
      b = TestNode.start(dbUri, settings);
      int user = a.makeUser("sharedlimit", false);
      String key = a.makeKey(user, "client", null);
      Windows.awaitRoom(10_000);
      for (int i = 0; i < 4; i++) {
        assertEquals(200, a.http.get(ACCOUNT, key).status());
      }
      Thread.sleep(600);
      Http.Response fifth = b.http.get(ACCOUNT, key);
      assertEquals(200, fifth.status());
      assertEquals("1", fifth.header("X-RateLimit-Remaining"), "B counted A's four requests");
      assertEquals(200, b.http.get(ACCOUNT, key).status());
      Http.Response seventh = b.http.get(ACCOUNT, key);
      assertEquals(429, seventh.status(), "the seventh request in the minute, across nodes: " + seventh);
    } finally {
      if (b != null) {
        b.closeKeepingDatabase();
      }
      a.closeKeepingDatabase();
      TestPostgres.drop(dbUri);
    }
  }
}
