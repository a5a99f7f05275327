package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * {@code /api/client/servers/:server/startup} and {@code /settings}: the startup variables a user
 * may see and edit, the Docker image among the egg's, the server's name and description.
 */
final class ClientStartupRoutes {

  private static final Pattern IMAGE = Pattern.compile("^[\\w#./\\- ]*\\|?~?[\\w./\\-:@ ]*$");

  private final long busTimeoutMs;

  ClientStartupRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  /** The viewable variables, with the startup command as users see it, the egg's images and the raw command. */
  void view(RoutingContext ctx) {
    startup(ctx)
        .onSuccess(startup -> Responses.json(ctx, 200,
            ClientServers.list("egg_variable", ClientServers.viewable(startup.getJsonArray("variables")))
                .put("meta", new JsonObject()
                    .put("startup_command", command(startup))
                    .put("docker_images", images(startup))
                    .put("raw_startup_command", startup.getString("startup")))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code {key, value}}: a viewable, editable variable, its value checked with the variable's own rules. */
  void updateVariable(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    Future.succeededFuture(body).compose(b -> {
      ValidationErrors errors = new ValidationErrors();
      Object key = trimmed(b.getValue("key"));
      if (key == null) {
        errors.add("key", "required", "The key field is required.");
      } else if (!(key instanceof String)) {
        errors.add("key", "string", "The key must be a string.");
      }
      if (!b.containsKey("value")) {
        errors.add("value", "present", "The value field must be present.");
      }
      errors.throwIfAny();
      return startup(ctx).compose(startup -> setVariable(ctx, startup, (String) key, trimmed(b.getValue("value"))));
    })
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  private Future<JsonObject> setVariable(RoutingContext ctx, JsonObject startup, String key, Object value) {
    JsonObject variable = variable(startup.getJsonArray("variables"), key);
    if (variable == null || !variable.getBoolean("user_viewable", false)) {
      throw new TalonException(Failure.BAD_REQUEST, "The environment variable you are trying to edit does not exist.");
    }
    if (!variable.getBoolean("user_editable", false)) {
      throw new TalonException(Failure.BAD_REQUEST, "The environment variable you are trying to edit is read-only.");
    }
    ValidationErrors invalid = new ValidationErrors();
    JsonObject input = new JsonObject().put("value", value);
    LaravelRules.check(invalid, input, "value", "value", variable.getString("rules") == null ? "" : variable.getString("rules"));
    invalid.throwIfAny();
    return Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_STARTUP_VARIABLE, new JsonObject()
            .put("server_id", ServerAccess.of(ctx).serverId())
            .put("variable_id", variable.getInteger("id"))
            .put("value", stored(value)), busTimeoutMs)
        .map(updated -> Envelopes.item("egg_variable", ClientServers.eggVariable(variable.copy().put("server_value", value)))
            .put("meta", new JsonObject()
                .put("startup_command", command(updated))
                .put("raw_startup_command", updated.getString("startup"))));
  }

  /** {@code {name, description?}}: a description left out stays as it is; null or empty clears it. */
  void rename(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    Future.succeededFuture(body).compose(b -> {
      ValidationErrors errors = new ValidationErrors();
      Object name = trimmed(b.getValue("name"));
      if (name == null) {
        errors.add("name", "required", "The name field is required.");
      } else if (!(name instanceof String)) {
        errors.add("name", "string", "The name must be a string.");
      } else if (((String) name).length() > 191) {
        errors.add("name", "max", "The name may not be greater than 191 characters.");
      }
      Object description = trimmed(b.getValue("description"));
      if (description != null && !(description instanceof String)) {
        errors.add("description", "string", "The description must be a string.");
      }
      errors.throwIfAny();
      JsonObject change = new JsonObject().put("server_id", ServerAccess.of(ctx).serverId()).put("name", name);
      if (b.containsKey("description")) {
        change.put("description", description == null ? "" : description);
      }
      return Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_SERVER_RENAME, change, busTimeoutMs);
    })
        .onSuccess(done -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * {@code {docker_image}}: one of the egg's images; refused (400) when the server's current image
   * is none of them, for an administrator set it by hand.
   */
  void dockerImage(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    startup(ctx).compose(startup -> {
      JsonObject images = startup.getJsonObject("docker_images");
      ValidationErrors errors = new ValidationErrors();
      Object image = trimmed(body.getValue("docker_image"));
      if (image == null) {
        errors.add("docker_image", "required", "The docker image field is required.");
      } else {
        if (!(image instanceof String)) {
          errors.add("docker_image", "string", "The docker image must be a string.");
        }
        String text = String.valueOf(image);
        if (text.length() > 191) {
          errors.add("docker_image", "max", "The docker image may not be greater than 191 characters.");
        }
        if (!IMAGE.matcher(text).matches()) {
          errors.add("docker_image", "regex", "The docker image format is invalid.");
        }
        if (!images.getMap().containsValue(text)) {
          errors.add("docker_image", "in", "The selected docker image is invalid.");
        }
      }
      errors.throwIfAny();
      if (!images.getMap().containsValue(startup.getString("image"))) {
        throw new TalonException(Failure.BAD_REQUEST,
            "This server's Docker image has been manually set by an administrator and cannot be updated.");
      }
      return Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_SERVER_IMAGE, new JsonObject()
          .put("server_id", ServerAccess.of(ctx).serverId()).put("image", image), busTimeoutMs);
    })
        .onSuccess(done -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  private Future<JsonObject> startup(RoutingContext ctx) {
    return Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_STARTUP,
        new JsonObject().put("server_id", ServerAccess.of(ctx).serverId()), busTimeoutMs);
  }

  private static String command(JsonObject startup) {
    return ClientServers.invocation(startup.getString("startup"), startup.getInteger("memory"),
        startup.getString("ip"), startup.getInteger("port"), startup.getJsonArray("variables"), false);
  }

  /** The egg's image map; an empty one is {@code []}, as PHP encodes an empty array. */
  private static Object images(JsonObject startup) {
    JsonObject images = startup.getJsonObject("docker_images");
    return images.isEmpty() ? new JsonArray() : images;
  }

  /** Pterodactyl matches the variable's name as MySQL compares it: case aside. */
  private static JsonObject variable(JsonArray variables, String key) {
    JsonObject caseInsensitive = null;
    for (Object o : variables) {
      JsonObject v = (JsonObject) o;
      String name = v.getString("env_variable");
      if (name.equals(key)) {
        return v;
      }
      if (caseInsensitive == null && name.equalsIgnoreCase(key)) {
        caseInsensitive = v;
      }
    }
    return caseInsensitive;
  }

  /** Pterodactyl's input normalisation: strings trimmed, an empty one is null. */
  private static Object trimmed(Object value) {
    if (value instanceof String s) {
      String t = s.strip();
      return t.isEmpty() ? null : t;
    }
    return value;
  }

  /** The text stored for a value: {@code ''} for null, as PHP writes other scalars. */
  private static String stored(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Boolean b) {
      return b ? "1" : "";
    }
    return String.valueOf(value);
  }
}
