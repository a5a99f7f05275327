package dev.talon.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A consumer of one event address on a node's event bus, as an outside verticle would register it. */
public final class Events implements AutoCloseable {

  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final MessageConsumer<JsonObject> consumer;

  private Events(TestNode node, String address) {
    consumer = node.vertx.eventBus().consumer(address, message -> received.add(message.body()));
    consumer.completion().await();
  }

  public static Events listen(TestNode node, String address) {
    return new Events(node, address);
  }

  /** The next event about server {@code serverId} (others are skipped), within 5 s; fails if none. */
  public JsonObject next(int serverId) {
    return next("server " + serverId, aboutServer(serverId));
  }

  /** The next event that {@code matches} (others are skipped), within 5 s; fails if none. */
  public JsonObject next(String what, Predicate<JsonObject> matches) {
    JsonObject event = poll(matches, 5000);
    assertNotNull(event, "no event for " + what + " on " + consumer.address());
    return event;
  }

  /** Fails if an event about {@code serverId} arrives within {@code ms}. */
  public void assertNone(int serverId, long ms) {
    assertNull(poll(aboutServer(serverId), ms), "unexpected event on " + consumer.address());
  }

  private static Predicate<JsonObject> aboutServer(int serverId) {
    return event -> event.getInteger("server_id") == serverId;
  }

  /** The next event that {@code matches} (others are skipped) within {@code ms}, or null. */
  public JsonObject poll(Predicate<JsonObject> matches, long ms) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject event = left <= 0 ? received.poll() : received.poll(left, TimeUnit.NANOSECONDS);
        if (event == null || matches.test(event)) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    consumer.unregister().await();
  }
}
