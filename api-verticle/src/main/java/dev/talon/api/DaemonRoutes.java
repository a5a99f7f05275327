package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The client routes that Pterodactyl serves by calling Wings (power, console command, websocket
 * credentials, resource usage, file listing and contents). Talon talks to no daemon: after the
 * access and permission checks it asks a daemon connector over the event bus ({@code talon.daemon.*},
 * on any node of a cluster, see README "Daemon connector") and relays its answer. With no connector
 * registered the answer is a 502 that says so; a connector that does not answer in time is a 504.
 */
final class DaemonRoutes {

  static final String NO_CONNECTOR = "No daemon connector is connected to Talon: the request could not be "
      + "delivered to the machine running this server.";
  private static final String UNREACHABLE = "Could not establish a connection to the machine running this server. "
      + "Please try again.";
  private static final String FAILED = "There was an error while communicating with the machine running this server.";
  private static final String CODE = "DaemonConnectionException";
  private static final List<String> SIGNALS = List.of("start", "stop", "restart", "kill");

  private final DeliveryOptions delivery;

  DaemonRoutes(long busTimeoutMs) {
    // a connector may run on any node: unlike Talon's own verticles, it is not looked for locally only
    this.delivery = new DeliveryOptions().setSendTimeout(busTimeoutMs);
  }

  /** The permission a power signal needs; an unknown one needs a string nobody holds (owners then get the 422). */
  static String powerPermission(RoutingContext ctx) {
    Object signal = JsonBody.of(ctx).getValue("signal");
    String text = signal instanceof String s ? s.strip() : "";
    switch (text) {
      case "start":
        return "control.start";
      case "stop":
      case "kill":
        return "control.stop";
      case "restart":
        return "control.restart";
      default:
        return "__invalid";
    }
  }

  /** {@code {signal: start|stop|restart|kill}} → 204. */
  void power(RoutingContext ctx) {
    Object signal = JsonBody.of(ctx).getValue("signal");
    String text = signal instanceof String s ? s.strip() : null;
    ValidationErrors errors = new ValidationErrors();
    if (signal == null || (text != null && text.isEmpty())) {
      errors.add("signal", "required", "The signal field is required.");
    } else if (text == null) {
      errors.add("signal", "string", "The signal must be a string.");
      errors.add("signal", "in", "The selected signal is invalid.");
    } else if (!SIGNALS.contains(text)) {
      errors.add("signal", "in", "The selected signal is invalid.");
    }
    if (!errors.isEmpty()) {
      fail(ctx, errors);
      return;
    }
    send(ctx, Addresses.DAEMON_POWER, target(ctx).put("signal", text))
        .onSuccess(reply -> Responses.noContent(ctx));
  }

  /** {@code {command}} → 204. */
  void command(RoutingContext ctx) {
    Object command = JsonBody.of(ctx).getValue("command");
    String text = command instanceof String s ? s.strip() : null;
    ValidationErrors errors = new ValidationErrors();
    if (command == null || (text != null && text.isEmpty())) {
      errors.add("command", "required", "The command field is required.");
    } else if (text == null) {
      errors.add("command", "string", "The command must be a string.");
    }
    if (!errors.isEmpty()) {
      fail(ctx, errors);
      return;
    }
    send(ctx, Addresses.DAEMON_COMMAND, target(ctx).put("command", text))
        .onSuccess(reply -> Responses.noContent(ctx));
  }

  /** The connector's websocket credentials ({@code {data: {token, socket}}} in Pterodactyl), for these permissions. */
  void websocket(RoutingContext ctx) {
    send(ctx, Addresses.DAEMON_WEBSOCKET, target(ctx)
        .put("permissions", ServerAccess.of(ctx).caller().userPermissions()))
        .onSuccess(reply -> relay(ctx, reply));
  }

  void resources(RoutingContext ctx) {
    send(ctx, Addresses.DAEMON_RESOURCES, target(ctx)).onSuccess(reply -> relay(ctx, reply));
  }

  /** {@code ?directory=} (default {@code /}). */
  void listFiles(RoutingContext ctx) {
    String directory = ctx.queryParams().get("directory");
    send(ctx, Addresses.DAEMON_FILES_LIST, target(ctx)
        .put("directory", directory == null || directory.isBlank() ? "/" : directory.strip()))
        .onSuccess(reply -> relay(ctx, reply));
  }

  /** {@code ?file=} (required): the connector answers {@code {content}}, sent as plain text. */
  void fileContents(RoutingContext ctx) {
    String file = ctx.queryParams().get("file");
    if (file == null || file.isBlank()) {
      fail(ctx, new ValidationErrors().add("file", "required", "The file field is required."));
      return;
    }
    send(ctx, Addresses.DAEMON_FILES_CONTENTS, target(ctx).put("file", file.strip())).onSuccess(reply -> {
      Object content = reply.body() instanceof JsonObject o ? o.getValue("content") : null;
      if (!(content instanceof String text)) {
        ErrorRenderer.render(ctx, new ApiError(502, CODE, FAILED, null));
        return;
      }
      ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(text);
    });
  }

  private static JsonObject target(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    return new JsonObject()
        .put("server_uuid", access.uuid())
        .put("server_id", access.serverId())
        .put("node_id", access.nodeId())
        .put("user_id", access.caller().userId())
        .put("user_uuid", KeyAuthentication.account(ctx).getString("uuid"));
  }

  /** Sends to the connector; failures are answered here, so callers only handle the reply. */
  private Future<Message<Object>> send(RoutingContext ctx, String address, JsonObject body) {
    return ctx.vertx().eventBus().request(address, body, delivery).onFailure(t -> {
      int status = 502;
      String detail = FAILED;
      if (t instanceof ReplyException reply) {
        switch (reply.failureType()) {
          case NO_HANDLERS:
            detail = NO_CONNECTOR;
            break;
          case TIMEOUT:
            status = 504;
            detail = UNREACHABLE;
            break;
          default:
            if (reply.failureCode() >= 400 && reply.failureCode() <= 599) {
              status = reply.failureCode();
            }
            if (reply.getMessage() != null && !reply.getMessage().isBlank()) {
              detail = reply.getMessage();
            }
        }
      }
      ErrorRenderer.render(ctx, new ApiError(status, CODE, detail, null));
    });
  }

  private static void relay(RoutingContext ctx, Message<Object> reply) {
    Object body = reply.body();
    if (body instanceof JsonObject object) {
      Responses.json(ctx, 200, object);
    } else if (body instanceof JsonArray array) {
      ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(array.toBuffer());
    } else {
      ErrorRenderer.render(ctx, new ApiError(502, CODE, FAILED, null));
    }
  }

  private static void fail(RoutingContext ctx, ValidationErrors errors) {
    try {
      errors.throwIfAny();
    } catch (RuntimeException e) {
      ErrorRenderer.fail(ctx, e);
    }
  }
}
