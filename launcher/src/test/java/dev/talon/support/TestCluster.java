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

  /**
   * Two Talon nodes sharing one fresh database and secret, and a bare outside member, on a cluster of
   * their own; closing it stops all three and drops the database.
   */
  public static Trio trio(String prefix) {
    String name = prefix + "-" + java.util.UUID.randomUUID();
    String secret = TestNode.randomSecret();
    String dbUri = TestPostgres.newDatabaseUri();
    TestNode a = TestNode.start(dbUri, nodeSettings(name, secret));
    TestNode b = null;
    try {
      b = TestNode.start(dbUri, nodeSettings(name, secret));
      return new Trio(a, b, outsideMember(name));
    } catch (RuntimeException e) {
      if (b != null) {
        b.closeKeepingDatabase();
      }
      a.close();
      throw e;
    }
  }

  /** See {@link #trio}. */
  public static final class Trio implements AutoCloseable {
    public final TestNode a;
    public final Vertx outside;
    private TestNode b;

    private Trio(TestNode a, TestNode b, Vertx outside) {
      this.a = a;
      this.b = b;
      this.outside = outside;
    }

    public TestNode b() {
      return b;
    }

    /** Stops node B for good, keeping the database for A. */
    public void stopB() {
      b.closeKeepingDatabase();
      b = null;
    }

    @Override
    public void close() {
      outside.close().await();
      if (b != null) {
        b.closeKeepingDatabase();
      }
      a.close();
    }
  }
}
