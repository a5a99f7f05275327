package dev.talon.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Vert.x, clustered on Hazelcast when {@code cluster.enabled}: TCP-IP members from
 * {@code cluster.members}, multicast and auto-detection off, a cluster name, and the event-bus host
 * settable for containers. Hazelcast's own maps for Vert.x come from its bundled default
 * configuration, which this only adjusts.
 */
public final class Cluster {

  private Cluster() {
  }

  public static boolean enabled(JsonObject conf) {
    return conf.getJsonObject("cluster", new JsonObject()).getBoolean("enabled", false);
  }

  /** A clustered Vert.x when the configuration asks for one, else a plain one. */
  public static Future<Vertx> vertx(JsonObject conf) {
    if (!enabled(conf)) {
      return Future.succeededFuture(Vertx.vertx());
    }
    JsonObject cluster = conf.getJsonObject("cluster");
    EventBusOptions bus = new EventBusOptions();
    String busHost = cluster.getString("bus-host", "");
    if (!busHost.isBlank()) {
      bus.setHost(busHost.strip());
    }
    String publicHost = cluster.getString("bus-public-host", "");
    if (!publicHost.isBlank()) {
      bus.setClusterPublicHost(publicHost.strip());
    }
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(bus))
        .withClusterManager(new HazelcastClusterManager(hazelcast(cluster)))
        .buildClustered();
  }

  static Config hazelcast(JsonObject cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.getString("name", "talon"));
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.getInteger("port", 5701)).setPortAutoIncrement(true);
    String bind = cluster.getString("interface", "");
    if (!bind.isBlank()) {
      network.getInterfaces().setEnabled(true).addInterface(bind.strip());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>();
    for (String member : cluster.getValue("members", "").toString().split(",")) {
      if (!member.isBlank()) {
        members.add(member.strip());
      }
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return config;
  }
}
