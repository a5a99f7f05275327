package dev.talon.support;

import dev.talon.launcher.Cluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Hazelcast TCP-IP on 127.0.0.1: settings for Talon nodes, and a bare member as an outside verticle runs. */
public final class TestCluster {

  private TestCluster() {
  }

  /** A node's settings (as {@link TestNode#start} takes them) to join cluster {@code name}. */
  public static Map<String, String> nodeSettings(String name, String secret) {
    return Map.of("cluster.enabled", "true", "cluster.name", name, "cluster.members", "127.0.0.1",
        "cluster.interface", "127.0.0.1", "cluster.bus-host", "127.0.0.1", "secret", secret);
  }

  /** A clustered Vert.x with no Talon verticle at all, on cluster {@code name}; close it when done. */
  public static Vertx outsideMember(String name) {
    JsonObject conf = new JsonObject().put("cluster", new JsonObject().put("enabled", true).put("name", name)
        .put("members", "127.0.0.1").put("interface", "127.0.0.1").put("port", 5701).put("bus-host", "127.0.0.1"));
    return Cluster.vertx(conf).await();
  }
}
