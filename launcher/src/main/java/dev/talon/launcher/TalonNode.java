package dev.talon.launcher;

import dev.talon.api.ApiVerticle;
import dev.talon.contracts.Addresses;
import dev.talon.api.RateLimiter;
import dev.talon.auth.AuthVerticle;
import dev.talon.persistence.PersistenceVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Talon node: the persistence, auth and API verticles deployed in that order on a Vert.x
 * instance, and undeployed in the reverse order (HTTP stops first, then the auth verticle writes
 * its last usage batch while the database is still there).
 */
public final class TalonNode {

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();

  private TalonNode(Vertx vertx) {
    this.vertx = vertx;
  }

  /** What each verticle is configured with, from Talon's configuration. */
  static JsonObject persistenceConfig(JsonObject conf, boolean migrate, boolean listen) {
    JsonObject db = conf.getJsonObject("db", new JsonObject());
    return db.copy().put("migrate", migrate).put("listen", listen);
  }

  static JsonObject authConfig(JsonObject conf) {
    return new JsonObject()
        .put("key-limit", conf.getInteger("key-limit", 25))
        .put("bus-timeout-ms", conf.getLong("bus-timeout-ms", 5000L))
        .put("cache", conf.getJsonObject("cache", new JsonObject()))
        .put("usage", conf.getJsonObject("usage", new JsonObject()))
        .put("password", conf.getJsonObject("password", new JsonObject()))
        .put("web", conf.getJsonObject("web", new JsonObject()));
  }

  static JsonObject apiConfig(JsonObject conf) {
    return conf.getJsonObject("http", new JsonObject()).copy()
        .put("bus-timeout-ms", conf.getLong("bus-timeout-ms", 5000L))
        .put("host-timeout-ms", conf.getJsonObject("db", new JsonObject()).getLong("host-timeout-ms", 2000L))
        .put("trusted-proxies", conf.getValue("trusted-proxies", ""))
        .put("web", conf.getJsonObject("web", new JsonObject()));
  }

  /** Deploys a whole node: serves HTTP once the returned future succeeds. */
  public static Future<TalonNode> start(Vertx vertx, JsonObject conf, byte[] secret) {
    TalonNode node = new TalonNode(vertx);
    JsonObject rates = conf.getJsonObject("rate-limit", new JsonObject());
    RateLimiter limiter = new RateLimiter(rates.getInteger("client", 720), rates.getInteger("application", 240));
    int instances = conf.getJsonObject("http", new JsonObject()).getInteger("instances", 0);
    int apiInstances = instances > 0 ? instances : Runtime.getRuntime().availableProcessors();
    if (vertx.isClustered()) {
      node.shareRateLimits(limiter, rates.getLong("sync-interval-ms", 250L));
    }
    return node.deploy(() -> new PersistenceVerticle(secret), persistenceConfig(conf, true, true), 1)
        .compose(v -> node.deploy(() -> new AuthVerticle(secret), authConfig(conf), 1))
        .compose(v -> node.deploy(() -> new ApiVerticle(limiter), apiConfig(conf), apiInstances))
        .map(node)
        .recover(t -> node.stop().transform(ignored -> Future.failedFuture(t)));
  }

  /**
   * On a cluster, tells the other nodes this node's rate-limit counts every {@code intervalMs} and
   * takes theirs, so limits hold across nodes (to within one interval of the others' traffic).
   */
  private void shareRateLimits(RateLimiter limiter, long intervalMs) {
    String self = java.util.UUID.randomUUID().toString();
    syncConsumer = vertx.eventBus().<JsonObject>consumer(Addresses.RATE_LIMIT_SYNC, msg -> {
      String from = msg.body().getString("node");
      if (!self.equals(from)) {
        limiter.merge(from, msg.body());
      }
    });
    syncTimer = vertx.setPeriodic(intervalMs, id -> {
      JsonObject snapshot = limiter.snapshot();
      if (!snapshot.getJsonArray("counts").isEmpty()) {
        vertx.eventBus().publish(Addresses.RATE_LIMIT_SYNC, snapshot.put("node", self));
      }
    });
  }

  private io.vertx.core.eventbus.MessageConsumer<JsonObject> syncConsumer;
  private long syncTimer = -1;

  /** Deploys what the command-line tools need: persistence (no listener) and auth, no HTTP. */
  public static Future<TalonNode> startTools(Vertx vertx, JsonObject conf, byte[] secret) {
    TalonNode node = new TalonNode(vertx);
    JsonObject db = persistenceConfig(conf, true, false).put("pool-size", 2);
    return node.deploy(() -> new PersistenceVerticle(secret), db, 1)
        .compose(v -> node.deploy(() -> new AuthVerticle(secret), authConfig(conf), 1))
        .map(node)
        .recover(t -> node.stop().transform(ignored -> Future.failedFuture(t)));
  }

  private Future<Void> deploy(java.util.function.Supplier<io.vertx.core.Deployable> verticle, JsonObject config,
      int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config).setInstances(instances))
        .map(id -> {
          deployments.add(id);
          return null;
        });
  }

  /** The deployment ids, in deployment order: persistence, auth, then API. */
  public List<String> deploymentIds() {
    return List.copyOf(deployments);
  }

  /** Undeploys in reverse order; each step waits for the previous one. */
  public Future<Void> stop() {
    if (syncTimer >= 0) {
      vertx.cancelTimer(syncTimer);
      syncTimer = -1;
    }
    if (syncConsumer != null) {
      syncConsumer.unregister();
      syncConsumer = null;
    }
    List<String> order = new ArrayList<>(deployments);
    Collections.reverse(order);
    deployments.clear();
    Future<Void> chain = Future.succeededFuture();
    for (String id : order) {
      chain = chain.transform(ignored -> vertx.undeploy(id).otherwiseEmpty());
    }
    return chain;
  }
}
