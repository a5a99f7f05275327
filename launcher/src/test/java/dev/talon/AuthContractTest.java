package dev.talon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.Addresses;
import dev.talon.support.DbCounters;
import dev.talon.support.Events;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The auth contract as other verticles see it: which addresses another cluster member may call. */
class AuthContractTest {

  private static final String ACCOUNT = "/api/client/account";

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

  private static JsonObject verify(EventBus bus, String key) {
    return bus.<JsonObject>request(Addresses.AUTH_VERIFY, new JsonObject().put("key", key).put("ip", "127.0.0.1"))
        .await().body();
  }
}
