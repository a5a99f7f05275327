package dev.talon.persistence;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.KeyType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the database channel {@code talon_changes} (fed by triggers, see migrations V2 and V13)
 * and turns each change into two deliveries: {@link Addresses#NODE_CHANGES} to this node's own
 * consumers (its caches: every node listens for itself, so each node's caches hear each change once,
 * whether a node, the command line or psql made it), and the public {@code talon.events.*} event on
 * the whole cluster, published by exactly one node: the first to claim the notice's {@code event_id}
 * (with the database's instance id, migration V13) in a cluster-wide map, so that subscribers
 * anywhere (outside verticles on other members too) hear each event once. The public event carries
 * its {@code event_id}, increasing in the order the changes were committed: different nodes may win
 * consecutive notices, so a subscriber that cares about order compares it. A node that cannot reach
 * the map publishes anyway: a duplicate beats a lost event.
 */
final class ChangeListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  private static final String CHANNEL = "talon_changes";
  private static final long RECONNECT_DELAY_MS = 1000;
  /** How long a claimed event id is remembered: far longer than any node takes to hear a notice. */
  private static final long CLAIM_TTL_MS = 60_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  /** What this node writes into a claim: a retried claim that found its own value still won. */
  private final String claimant = java.util.UUID.randomUUID().toString();
  private final DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
  private Future<AsyncMap<Long, String>> claims;
  private boolean subscribedBefore;

  ChangeListener(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
  }

  /** Starts listening; {@code instance} is the database's own id, which keeps its claims apart. */
  Future<Void> start(String instance) {
    claims = vertx.sharedData().getAsyncMap("talon.change-claims." + instance);
    subscriber.channel(CHANNEL)
        .subscribeHandler(v -> {
          if (subscribedBefore) {
            LOG.info("Change listener reconnected; dropping cached contexts in case changes were missed");
            JsonObject reset = new JsonObject();
            vertx.eventBus().publish(Addresses.NODE_CHANGES, reset.copy().put("kind", "reset"), localOnly);
            // this node may have missed changes; subscribers elsewhere may want to know too
            vertx.eventBus().publish(Addresses.EVENT_CACHES_RESET, reset);
          }
          subscribedBefore = true;
        })
        .handler(this::onNotification);
    return claims.transform(map -> {
      if (map.failed()) {
        LOG.warn("No cluster-wide map for change events ({}); this node publishes every event it hears", map.cause().toString());
      }
      return subscriber.connect();
    });
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
    Long eventId = change.getLong("event_id");
    switch (kind) {
      case "key.created":
        announce(kind, eventId, Addresses.EVENT_KEY_CREATED, keyEvent(change));
        break;
      case "key.revoked":
        announce(kind, eventId, Addresses.EVENT_KEY_REVOKED, keyEvent(change).put("reason", change.getString("reason")));
        break;
      case "user.changed":
        JsonObject user = new JsonObject().put("user_id", change.getInteger("user_id"))
            .put("change", change.getString("change"));
        if (change.containsKey("root_admin")) {
          user.put("root_admin", change.getBoolean("root_admin"));
        }
        announce(kind, eventId, Addresses.EVENT_USER_CHANGED, user);
        break;
      case "subuser.changed":
        announce(null, eventId, Addresses.EVENT_SUBUSER_CHANGED, new JsonObject()
            .put("server_id", change.getInteger("server_id"))
            .put("user_id", change.getInteger("user_id"))
            .put("change", change.getString("change"))
            .put("permissions", change.getJsonArray("permissions", new JsonArray())));
        break;
      case "reset":
        LOG.info("Table {} was truncated; dropping cached contexts", change.getString("table"));
        announce(kind, eventId, Addresses.EVENT_CACHES_RESET, new JsonObject());
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

  /**
   * This node's caches first (no waiting on the cluster), then the public event if this node wins
   * the claim. {@code nodeKind} null: nothing on this node caches what the change affects.
   */
  private void announce(String nodeKind, Long eventId, String address, JsonObject event) {
    if (nodeKind != null) {
      vertx.eventBus().publish(Addresses.NODE_CHANGES, event.copy().put("kind", nodeKind), localOnly);
    }
    if (eventId != null) {
      event.put("event_id", eventId);
    }
    if (eventId == null) {
      LOG.warn("A change notice without event_id (migrations not applied?); publishing {} on this node only", address);
      vertx.eventBus().publish(address, event, localOnly);
      return;
    }
    claims.compose(map -> map.putIfAbsent(eventId, claimant, CLAIM_TTL_MS))
        .onComplete(claimed -> {
          if (claimed.failed()) {
            LOG.debug("Could not claim change event {} ({}); publishing it anyway", eventId, claimed.cause().toString());
            vertx.eventBus().publish(address, event);
          } else if (claimed.result() == null || claimant.equals(claimed.result())) {
            vertx.eventBus().publish(address, event);
          }
        });
  }
}
