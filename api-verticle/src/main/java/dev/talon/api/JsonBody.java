package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Reads a request body as a JSON object after authentication (as Pterodactyl checks it): empty,
 * {@code null} or absent is an empty object; JSON that does not parse is 400; a body in another
 * media type is 415. Handlers read the result with {@link #of(RoutingContext)}.
 */
final class JsonBody implements Handler<RoutingContext> {

  private static final String KEY = "talon.body";

  @Override
  public void handle(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0 || raw.toString().isBlank()) {
      ctx.put(KEY, new JsonObject());
      ctx.next();
      return;
    }
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!(mediaType.endsWith("/json") || mediaType.endsWith("+json"))) {
      ctx.fail(415);
      return;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(raw);
    } catch (DecodeException e) {
      malformed(ctx);
      return;
    }
    if (parsed == null) {
      ctx.put(KEY, new JsonObject());
    } else if (parsed instanceof JsonObject object) {
      ctx.put(KEY, object);
    } else {
      malformed(ctx);
      return;
    }
    ctx.next();
  }

  private static void malformed(RoutingContext ctx) {
    ErrorRenderer.fail(ctx, new TalonException(Failure.BAD_REQUEST,
        "The JSON data passed in the request appears to be malformed: Syntax error"));
  }

  static JsonObject of(RoutingContext ctx) {
    JsonObject body = ctx.get(KEY);
    return body == null ? new JsonObject() : body;
  }
}
