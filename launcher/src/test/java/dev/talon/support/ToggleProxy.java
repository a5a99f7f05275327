package dev.talon.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the test PostgreSQL that a test can cut and restore, so a database outage
 * can be staged without stopping the server other tests share.
 */
public final class ToggleProxy implements AutoCloseable {

  private final Vertx vertx;
  private final NetServer server;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private ToggleProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.server = vertx.createNetServer().connectHandler(client -> {
      if (cut) {
        client.close();
        return;
      }
      client.pause();
      vertx.createNetClient().connect(targetPort, targetHost).onSuccess(upstream -> {
        open.add(client);
        open.add(upstream);
        client.handler(upstream::write);
        upstream.handler(client::write);
        client.closeHandler(v -> upstream.close());
        upstream.closeHandler(v -> client.close());
        client.resume();
      }).onFailure(t -> client.close());
    });
  }

  public static ToggleProxy start(Vertx vertx, String targetHost, int targetPort) {
    ToggleProxy proxy = new ToggleProxy(vertx, targetHost, targetPort);
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Drops every connection and refuses new ones, as a database that went away. */
  public void cut() {
    cut = true;
    for (NetSocket socket : open) {
      socket.close();
    }
    open.clear();
  }

  public void restore() {
    cut = false;
  }

  @Override
  public void close() {
    cut();
    server.close().await();
  }
}
