package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
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
      ValidationErrors nul = new ValidationErrors();
      findNul(object, "", nul);
      if (!nul.isEmpty()) {
        ErrorRenderer.fail(ctx, TalonException.validation(nul.entries()));
        return;
      }
      ctx.put(KEY, object);
    } else {
      malformed(ctx);
      return;
    }
    ctx.next();
  }

  /**
   * A NUL character can be stored by no text column of PostgreSQL: refused up front, on the field
   * that holds it (keys too), instead of failing in the database.
   */
  private static void findNul(Object value, String path, ValidationErrors errors) {
    if (value instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        String field = path.isEmpty() ? name : path + "." + name;
        if (name.indexOf('\0') >= 0) {
          errors.add(field.replace('\0', ' '), "string", "The field names may not contain a NUL character.");
        } else {
          findNul(object.getValue(name), field, errors);
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        findNul(array.getValue(i), path + "." + i, errors);
      }
    } else if (value instanceof String text && text.indexOf('\0') >= 0) {
      errors.add(path, "string", "The " + path + " may not contain a NUL character.");
    }
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
