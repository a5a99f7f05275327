package dev.talon;

import static dev.talon.support.ApiAssertions.NO_API_ACCESS;
import static dev.talon.support.ApiAssertions.assertForbidden;
import static dev.talon.support.ApiAssertions.assertUnauthenticated;
import static dev.talon.support.ApiAssertions.ipDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Http;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cases a code review found: each failed before its fix. */
class ReviewFindingsTest {

  private static final String ACCOUNT = "/api/client/account";
  private static final String USERS = "/api/application/users";

  @Test
  void forwardedForSplitOverSeveralHeaderLinesIsReadWhole() throws Exception {
    try (TestNode proxied = TestNode.start(Map.of("trusted-proxies", "127.0.0.1"))) {
      int user = proxied.makeUser("lines", false);
      String key = proxied.makeKey(user, "client", new JsonObject().put("allowed_ips", new JsonArray().add("10.1.2.3")));
      // the client's own (spoofed) line first, then the line its proxy added
      HttpRequest request = HttpRequest.newBuilder(URI.create(proxied.baseUrl + ACCOUNT))
          .header("Authorization", "Bearer " + key).header("Accept", "application/json")
          .header("X-Forwarded-For", "10.1.2.3").header("X-Forwarded-For", "192.0.2.9").GET().build();
      HttpResponse<String> raw = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertForbidden(new Http.Response(raw.statusCode(), raw), ipDenied("192.0.2.9"));
    }
  }

  /**
   * The created-key notice comes through the database listener, and may arrive after the new key was
   * already used: it must not drop the verified key (a flaky outage test caught a cached key needing
   * the database again).
   */
  @Test
  void aLateKeyCreatedNoticeLeavesTheVerifiedKeyCached() {
    try (TestNode node = TestNode.start(Map.of())) {
      int user = node.makeUser("late", false);
      String key = node.makeKey(user, "client", null);
      assertEquals(200, node.http.get(ACCOUNT, key).status(), "cached by a first use");
      long finds = keyFinds(node);
      node.vertx.eventBus().publish(Addresses.EVENT_KEY_CREATED, new JsonObject()
          .put("identifier", key.substring(0, 21)).put("type", "client").put("user_id", user));
      assertEquals(200, node.http.get(ACCOUNT, key).status());
      assertEquals(finds, keyFinds(node), "the verified key was read again from the database");
    }
  }

  private static long keyFinds(TestNode node) {
    return node.request(Addresses.DB_STATS, new JsonObject()).getJsonObject("operations").getLong("key.find", 0L);
  }

  @Test
  void truncatingTheKeysTableDropsEveryCachedKey() {
    try (TestNode node = TestNode.start(Map.of())) {
      int user = node.makeUser("truncated", false);
      String key = node.makeKey(user, "client", null);
      assertEquals(200, node.http.get(ACCOUNT, key).status(), "cached by a first use");
      Sql.execute(node, "TRUNCATE api_keys");
      long tookMs = Poll.until(2000, 5, () -> node.http.get(ACCOUNT, key).status() == 401);
      assertTrue(tookMs >= 0, "a key truncated away was still accepted after 2 s");
      assertUnauthenticated(node.http.get(ACCOUNT, key));
    }
  }

  @Test
  void demotionThroughTheApiHoldsOnTheVeryNextRequest() {
    try (TestNode node = TestNode.start(Map.of())) {
      int root = node.makeUser("rooty", true);
      String rootKey = node.makeKey(root, "client", null);
      int admin = node.makeUser("soondemoted", true);
      String appKey = node.makeKey(admin, "application", new JsonObject().put("permissions", new JsonObject().put("users", 1)));
      assertEquals(200, node.http.get(USERS, appKey).status(), "cached by a first use");
      Http.Response demoted = node.http.request("PATCH", USERS + "/" + admin).key(rootKey).json(new JsonObject()
          .put("email", "soondemoted@example.com").put("username", "soondemoted")
          .put("first_name", "First").put("last_name", "Last").put("root_admin", false)).send();
      assertEquals(200, demoted.status(), demoted.toString());
      assertForbidden(node.http.get(USERS, appKey), NO_API_ACCESS);
    }
  }

  @Test
  void anActivityEntryOfADeletedUserDoesNotBlockTheLog() {
    TestNode node = TestNode.start(Map.of("usage.flush-interval-ms", "60000"));
    try {
      int gone = node.makeUser("goneuser", false);
      int stays = node.makeUser("staysuser", false);
      String goneKey = node.makeKey(gone, "client", null);
      String staysKey = node.makeKey(stays, "client", null);
      assertEquals(200, node.http.post(ACCOUNT + "/api-keys", goneKey, new JsonObject().put("description", "a")).status());
      Sql.execute(node, "DELETE FROM users WHERE id = ?", gone);
      assertEquals(200, node.http.post(ACCOUNT + "/api-keys", staysKey, new JsonObject().put("description", "b")).status());
      node.stop();
      // each user made two keys (one minted for the test, one over HTTP), all in one unwritten batch
      assertEquals(2, Sql.count(node, "SELECT count(*) FROM activity_logs WHERE event = 'user:api-key.create' AND actor_id = ?", stays),
          "the other user's entries were written");
      assertEquals(2, Sql.count(node, "SELECT count(*) FROM activity_logs WHERE event = 'user:api-key.create' AND actor_id IS NULL"
          + " AND subject_id IS NOT NULL"), "the deleted user's entries were written without their actor");
    } finally {
      node.close();
    }
  }
}
