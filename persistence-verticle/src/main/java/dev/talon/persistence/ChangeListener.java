package dev.talon.persistence;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.KeyType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the database channel {@code talon_changes} (fed by triggers, see migration V2) and
 * republishes each change as a Talon event. Every node listens for itself, so the events are
 * delivered to this node's consumers only: each node hears each change exactly once, whether a node,
 * the command line or psql made it.
 */
final class ChangeListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  private static final String CHANNEL = "talon_changes";
  private static final long RECONNECT_DELAY_MS = 1000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
  private boolean subscribedBefore;

  ChangeListener(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
  }

  Future<Void> start() {
    subscriber.channel(CHANNEL)
        .subscribeHandler(v -> {
          if (subscribedBefore) {
            LOG.info("Change listener reconnected; dropping cached contexts in case changes were missed");
            vertx.eventBus().publish(Addresses.EVENT_CACHES_RESET, new JsonObject(), localOnly);
          }
          subscribedBefore = true;
        })
        .handler(this::onNotification);
    return subscriber.connect();
  }

  Future<Void> stop() {
    return subscriber.close();
  }

  private void onNotification(String payload) {
    JsonObject change;
    try {
      change = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed change notification");
      return;
    }
    String kind = change.getString("kind", "");
    switch (kind) {
      case "key.created":
        publish(Addresses.EVENT_KEY_CREATED, keyEvent(change));
        break;
      case "key.revoked":
        publish(Addresses.EVENT_KEY_REVOKED, keyEvent(change).put("reason", change.getString("reason")));
        break;
      case "user.changed":
        JsonObject user = new JsonObject().put("user_id", change.getInteger("user_id"))
            .put("change", change.getString("change"));
        if (change.containsKey("root_admin")) {
          user.put("root_admin", change.getBoolean("root_admin"));
        }
        publish(Addresses.EVENT_USER_CHANGED, user);
        break;
      case "subuser.changed":
        publish(Addresses.EVENT_SUBUSER_CHANGED, new JsonObject()
            .put("server_id", change.getInteger("server_id"))
            .put("user_id", change.getInteger("user_id"))
            .put("change", change.getString("change"))
            .put("permissions", change.getJsonArray("permissions", new JsonArray())));
        break;
      case "reset":
        LOG.info("Table {} was truncated; dropping cached contexts", change.getString("table"));
        publish(Addresses.EVENT_CACHES_RESET, new JsonObject());
        break;
      default:
        LOG.debug("Ignoring change of kind {}", kind);
    }
  }

  private static JsonObject keyEvent(JsonObject change) {
    KeyType type = KeyType.ofStored(change.getInteger("key_type"));
    return new JsonObject()
        .put("identifier", type.prefix() + change.getString("identifier"))
        .put("type", type.jsonName())
        .put("user_id", change.getInteger("user_id"));
  }

  private void publish(String address, JsonObject event) {
    vertx.eventBus().publish(address, event, localOnly);
  }
}
