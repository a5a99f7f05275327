package dev.talon.contracts;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request/reply convention every Talon address follows: a JSON object in, a JSON object (or
 * null) out, and failures as {@link Failure} codes with a JSON text body. A recipient that does not
 * answer in time, or no recipient at all, is {@link Failure#UNAVAILABLE}, never a 401 or a 500.
 */
public final class Bus {

  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

  private Bus() {
  }

  /**
   * Requests {@code address} on this node: Talon's verticles always talk to their own node's
   * verticles (on a cluster the auth verticle that revokes a key is the one whose cache the next
   * request of this node reads). Outside verticles may address any node.
   */
  public static Future<JsonObject> request(EventBus bus, String address, JsonObject body, long timeoutMs) {
    return bus.<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true))
        .recover(Bus::toTalonFailure)
        .map(msg -> msg.body());
  }

  private static <T> Future<T> toTalonFailure(Throwable error) {
    if (error instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case RECIPIENT_FAILURE:
          return Future.failedFuture(TalonException.fromWire(reply.failureCode(), reply.getMessage()));
        case TIMEOUT:
          return Future.failedFuture(new TalonException(Failure.UNAVAILABLE,
              "A Talon service did not answer in time, please try again shortly."));
        case NO_HANDLERS:
          return Future.failedFuture(new TalonException(Failure.UNAVAILABLE,
              "A Talon service is not running, please try again shortly."));
        default:
          break;
      }
    }
    return Future.failedFuture(error);
  }

  /**
   * Serves a public {@code address} to the whole cluster: each request body goes to {@code handler};
   * its result is the reply. A {@link TalonException} becomes a failure with its code; anything else
   * is logged and becomes {@link Failure#INTERNAL} without its message (which could hold data not
   * meant for clients).
   */
  public static MessageConsumer<JsonObject> serve(EventBus bus, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    return answer(bus.consumer(address), address, handler);
  }

  /**
   * Serves an internal {@code address} to this node only, as {@link #serve} does otherwise. Talon's
   * own requests never leave their node ({@link #request}), so registering an internal operation
   * cluster-wide gains Talon nothing and lets any other cluster member call it:
   * {@code talon.persistence.key.find}, for one, answers with a key's token hash.
   */
  public static MessageConsumer<JsonObject> serveLocal(EventBus bus, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    return answer(bus.localConsumer(address), address, handler);
  }

  private static MessageConsumer<JsonObject> answer(MessageConsumer<JsonObject> consumer, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    return consumer.handler(msg -> {
      Future<JsonObject> result;
      try {
        result = handler.apply(msg.body() == null ? new JsonObject() : msg.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          msg.reply(ar.result());
        } else if (ar.cause() instanceof TalonException te) {
          msg.fail(te.failure().code(), te.toWire());
        } else {
          LOG.error("{} failed", address, ar.cause());
          msg.fail(Failure.INTERNAL.code(), new TalonException(Failure.INTERNAL).toWire());
        }
      });
    });
  }
}
