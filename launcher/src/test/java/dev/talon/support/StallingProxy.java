package dev.talon.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a database host that goes silent on a connection as soon as its client
 * sends a given text (a statement, say {@code GRANT}): from then on nothing is forwarded either way
 * and nothing is closed, as a network that drops packets after the handshake. It does so for as many
 * connections as it is told; the others are forwarded as usual.
 */
public final class StallingProxy implements AutoCloseable {

  private final NetServer server;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger stalled = new AtomicInteger();
  private final AtomicInteger stalledOpen = new AtomicInteger();
  private final AtomicInteger toStall = new AtomicInteger();
  private volatile String marker;

  private StallingProxy(Vertx vertx, String targetHost, int targetPort) {
    this.server = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      vertx.createNetClient().connect(targetPort, targetHost).onSuccess(upstream -> {
        open.add(client);
        open.add(upstream);
        boolean[] silent = {false};
        String[] tail = {""};
        client.handler(data -> {
          if (!silent[0]) {
            String seen = tail[0] + data.toString(StandardCharsets.ISO_8859_1);
            String stallOn = marker;
            int at = stallOn == null ? -1 : seen.lastIndexOf(stallOn);
            boolean sentNow = at >= 0 && at + stallOn.length() > tail[0].length();
            if (sentNow && toStall.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              silent[0] = true;
              stalled.incrementAndGet();
              stalledOpen.incrementAndGet();
            } else {
              tail[0] = seen.substring(Math.max(0, seen.length() - 64));
              upstream.write(data);
            }
          }
        });
        upstream.handler((Buffer data) -> {
          if (!silent[0]) {
            client.write(data);
          }
        });
        client.closeHandler(v -> {
          open.remove(client);
          if (silent[0]) {
            stalledOpen.decrementAndGet();
          }
          upstream.close();
        });
        upstream.closeHandler(v -> {
          open.remove(upstream);
          client.close();
        });
        client.resume();
      }).onFailure(t -> client.close());
    });
  }

  public static StallingProxy start(Vertx vertx, String targetHost, int targetPort) {
    StallingProxy proxy = new StallingProxy(vertx, targetHost, targetPort);
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** The next {@code connections} connections whose client sends {@code text} go silent. */
  public void stallOn(String text, int connections) {
    toStall.set(0);
    marker = text;
    toStall.set(connections);
  }

  /** Forwards everything on the connections that are not silent yet. */
  public void stallNothing() {
    toStall.set(0);
  }

  /** How many connections went silent so far. */
  public int stalled() {
    return stalled.get();
  }

  /** How many of those their client has not closed yet. */
  public int stalledOpen() {
    return stalledOpen.get();
  }

  @Override
  public void close() {
    for (NetSocket socket : open) {
      socket.close();
    }
    open.clear();
    server.close().await();
  }
}
