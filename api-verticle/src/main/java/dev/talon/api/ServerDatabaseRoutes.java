package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Resource;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/application/servers/:id/databases}: Pterodactyl's server databases, made for real on
 * their MySQL/MariaDB host. {@code :database} is the id or its hashid (as the Client API shows it),
 * as Pterodactyl's binding takes either; unlike Pterodactyl, a database of another server is 404.
 */
final class ServerDatabaseRoutes {

  /** Laravel's alpha_dash, kept to ASCII: the name becomes part of a MySQL database name. */
  private static final Pattern ALPHA_DASH = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern REMOTE = Pattern.compile("^[0-9%.]{1,15}$");
  private static final int MAX_NAME = 48;

  static {
    // Pterodactyl names a server's list of databases "databases": its items take the same relations
    for (String object : List.of("server_database", "databases")) {
      Includes.relation(object, "password",
          Includes.one("database_password", null, Addresses.DB_DATABASE_PASSWORD_BY, "id", "id"));
    }
    Includes.relation("databases", "host",
        Includes.one("database_host", Resource.DATABASE_HOSTS, Addresses.DB_DATABASE_HOST_BY, "host", "id"));
  }

  private final long busTimeoutMs;
  /** For the requests that wait on the database host: long enough to hear how they ended. */
  private final long hostBusTimeoutMs;

  ServerDatabaseRoutes(long busTimeoutMs, long hostBusTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.hostBusTimeoutMs = hostBusTimeoutMs;
  }

  /** Not paginated, as in Pterodactyl. */
  void list(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(serverId -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_LIST,
            new JsonObject().put("server_id", serverId), busTimeoutMs))
        .compose(result -> {
          List<JsonObject> items = new ArrayList<>();
          result.getJsonArray("data").forEach(item -> items.add((JsonObject) item));
          return Includes.apply(ctx, "server_database", items, busTimeoutMs)
              .map(v -> Envelopes.list("server_database", items));
        })
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void view(RoutingContext ctx) {
    target(ctx)
        .compose(query -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_FIND, query, busTimeoutMs))
        .compose(found -> Listing.item(ctx, "server_database", found, busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void create(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(serverId -> validated(ctx, serverId, JsonBody.of(ctx)))
        .compose(request -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_INSERT, request,
            hostBusTimeoutMs))
        .compose(created -> Listing.item(ctx, "server_database", created, busTimeoutMs)
            .map(item -> item.put("meta", new JsonObject().put("resource",
                PathIds.resourceUrl(ctx, created.getInteger("id"))))))
        .onSuccess(item -> Responses.json(ctx, 201, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void resetPassword(RoutingContext ctx) {
    target(ctx)
        .compose(query -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_RESET_PASSWORD, query,
            hostBusTimeoutMs))
        .onSuccess(reset -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    target(ctx)
        .compose(query -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_DELETE, query, hostBusTimeoutMs))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Persistence reads {@code key}: only it knows the secret hashids are made with. */
  private static Future<JsonObject> target(RoutingContext ctx) {
    return PathIds.of(ctx, "id")
        .map(serverId -> new JsonObject().put("server_id", serverId).put("key", ctx.pathParam("database")));
  }

  /**
   * Pterodactyl's rules, labels and messages: database required, alpha_dash, 1-48; remote required,
   * string, {@code ^[0-9%.]{1,15}$}; host required, integer, an existing host. A missing server is
   * 404 before any of them, as Pterodactyl binds the server before validating.
   */
  private Future<JsonObject> validated(RoutingContext ctx, int serverId, JsonObject body) {
    ValidationErrors errors = new ValidationErrors();
    String database = databaseName(errors, body.getValue("database"));
    String remote = remote(errors, body.getValue("remote"));
    Object rawHost = body.getValue("host");
    Integer host = null;
    if (Numbers.absent(rawHost)) {
      errors.add("host", "required", "The Database Host Server ID field is required.");
    } else {
      host = Numbers.integer(rawHost);
      if (host == null) {
        errors.add("host", "integer", "The Database Host Server ID must be an integer.");
      }
    }
    Future<Boolean> hostExists = host == null ? Future.succeededFuture(true)
        : Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_HOST_FIND, new JsonObject().put("id", host),
            busTimeoutMs).map(found -> found != null);
    JsonObject request = new JsonObject().put("server_id", serverId).put("database", database).put("remote", remote)
        .put("host", host);
    return hostExists.compose(exists -> {
      if (!exists) {
        errors.add("host", "exists", "The selected Database Host Server ID is invalid.");
      }
      try {
        errors.throwIfAny();
        return Future.succeededFuture(request);
      } catch (TalonException invalid) {
        return Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_LIST, new JsonObject().put("server_id", serverId),
            busTimeoutMs).compose(serverExists -> Future.failedFuture(invalid));
      }
    });
  }

  private static String databaseName(ValidationErrors errors, Object value) {
    if (Numbers.absent(value)) {
      errors.add("database", "required", "The Database Name field is required.");
      return null;
    }
    String name = value instanceof String s ? s.strip() : value instanceof Number ? String.valueOf(value) : null;
    if (name == null || !ALPHA_DASH.matcher(name).matches()) {
      errors.add("database", "alpha_dash", "The Database Name may only contain letters, numbers, and dashes.");
    }
    if (name != null && name.length() > MAX_NAME) {
      errors.add("database", "max", "The Database Name may not be greater than " + MAX_NAME + " characters.");
    }
    return name;
  }

  private static String remote(ValidationErrors errors, Object value) {
    if (Numbers.absent(value)) {
      errors.add("remote", "required", "The Remote Connection String field is required.");
      return null;
    }
    if (!(value instanceof String)) {
      errors.add("remote", "string", "The Remote Connection String must be a string.");
      return null;
    }
    String remote = ((String) value).strip();
    if (!REMOTE.matcher(remote).matches()) {
      errors.add("remote", "regex", "The Remote Connection String format is invalid.");
    }
    return remote;
  }
}
