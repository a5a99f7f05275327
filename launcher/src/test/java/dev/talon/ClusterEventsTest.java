package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.Poll;
import dev.talon.support.Sql;
import dev.talon.support.TestCluster;
import dev.talon.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Key and user events on a cluster: two Talon nodes hear every change from the database, yet every
 * subscriber, on a Talon node or on a member with no Talon verticle at all (a daemon connector, a
 * websocket gateway), receives each event exactly once, whether the change came through the API or
 * straight from SQL.
 */
class ClusterEventsTest {

  /** Per member: "address event_id" of every event it received. */
  private static final Map<Vertx, List<String>> EVENT_IDS = new ConcurrentHashMap<>();

  /** Every event of the three addresses one member received, as "address identifier-or-user". */
  private static List<String> subscribe(Vertx member) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    for (String address : List.of(Addresses.EVENT_KEY_CREATED, Addresses.EVENT_KEY_REVOKED, Addresses.EVENT_USER_CHANGED)) {
      member.eventBus().<JsonObject>consumer(address, msg -> {
        JsonObject body = msg.body();
        assertTrue(!body.encode().contains("token"), "an event carries a token field: " + body);
        seen.add(address + " " + (body.containsKey("identifier") ? body.getString("identifier") : body.getInteger("user_id")));
        Long eventId = body.getLong("event_id");
        assertTrue(eventId != null && eventId > 0, "an event without event_id: " + body);
        EVENT_IDS.computeIfAbsent(member, m -> new CopyOnWriteArrayList<>()).add(address + " " + eventId);
      }).completion().await(10, TimeUnit.SECONDS);
    }
    return seen;
  }

  private static long count(List<String> seen, String entry) {
    return seen.stream().filter(entry::equals).count();
  }

  private static long eventId(List<String> ids, String address) {
    return ids.stream().filter(e -> e.startsWith(address + " ")).mapToLong(e -> Long.parseLong(e.substring(address.length() + 1)))
        .max().orElseThrow();
  }

  @Test
  void everySubscriberOnEveryMemberHearsEachChangeOnce() throws Exception {
    try (TestCluster.Trio cluster = TestCluster.trio("talon-events")) {
      TestNode a = cluster.a;
      TestNode b = cluster.b();
      Vertx outside = cluster.outside;
      List<String> onOutside = subscribe(outside);
      List<String> onA = subscribe(a.vertx);
      List<String> onB = subscribe(b.vertx);
      List<List<String>> everywhere = List.of(onOutside, onA, onB);

      int user = a.makeUser("eventful", false);
      String key = a.makeKey(user, "client", null);
      String created = Addresses.EVENT_KEY_CREATED + " " + key.substring(0, 21);
      for (List<String> seen : everywhere) {
        assertTrue(Poll.until(5000, 5, () -> count(seen, created) >= 1) >= 0, "key.created did not arrive: " + seen);
      }

      // straight from SQL, as an operator's psql would: an edit, then a deletion of the user
      TestNode nodeA = a;
      Sql.execute(nodeA, "UPDATE api_keys SET allowed_ips = '[\"10.0.0.1\"]'::jsonb WHERE identifier = ?",
          Sql.storedIdentifier(key));
      Sql.execute(nodeA, "DELETE FROM users WHERE id = ?", user);
      String revoked = Addresses.EVENT_KEY_REVOKED + " " + key.substring(0, 21);
      String userChanged = Addresses.EVENT_USER_CHANGED + " " + user;
      for (List<String> seen : everywhere) {
        assertTrue(Poll.until(5000, 5, () -> count(seen, userChanged) >= 1) >= 0, "user.changed did not arrive: " + seen);
      }
      Thread.sleep(500); // time for any duplicate to arrive

      // each event carries the same event_id everywhere, and later changes carry larger ones
      List<String> idsOutside = EVENT_IDS.get(outside);
      for (Vertx member : List.of(a.vertx, b.vertx)) {
        assertEquals(Set.copyOf(idsOutside), Set.copyOf(EVENT_IDS.get(member)), "event ids differ between members");
      }
      long createdId = eventId(idsOutside, Addresses.EVENT_KEY_CREATED);
      long userDeletedId = eventId(idsOutside, Addresses.EVENT_USER_CHANGED);
      assertTrue(createdId < userDeletedId, "event ids do not grow with the changes: " + idsOutside);

      for (List<String> seen : everywhere) {
        assertEquals(1, count(seen, created), "key.created copies: " + seen);
        // the edit and the deletion (cascaded from the user) are two changes, each heard once
        assertEquals(2, count(seen, revoked), "key.revoked copies: " + seen);
        assertEquals(1, count(seen, userChanged), "user.changed copies: " + seen);
      }
    }
  }
}
