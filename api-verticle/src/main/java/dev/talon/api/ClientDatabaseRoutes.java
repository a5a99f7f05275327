package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/client/servers/:server/databases}: a server's databases, made for real on a database
 * host that persistence picks (one linked to the server's node, else any). {@code :database} is the
 * hashid the list shows, or the numeric id; the access decision finds it on this server only. The
 * {@code password} relation is the plaintext password for callers holding
 * {@code database.view_password}, a null resource for the others; creating and rotating include it
 * unasked, as Pterodactyl does.
 */
final class ClientDatabaseRoutes {

  private static final String VIEW_PASSWORD = "database.view_password";

  private final long busTimeoutMs;
  /** For the requests that wait on the database host: long enough to hear how they ended. */
  private final long hostBusTimeoutMs;

  ClientDatabaseRoutes(long busTimeoutMs, long hostBusTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.hostBusTimeoutMs = hostBusTimeoutMs;
  }

  /** Not paginated, as in Pterodactyl. */
  void list(RoutingContext ctx) {
    boolean included = Includes.requested(ctx).contains("password");
    boolean shown = included && mayViewPassword(ctx);
    request(ctx, Addresses.DB_CLIENT_DATABASE_LIST, busTimeoutMs, server(ctx).put("passwords", shown))
        .onSuccess(found -> {
          JsonArray data = new JsonArray();
          found.getJsonArray("data").forEach(d -> data.add(item((JsonObject) d, included)));
          Responses.json(ctx, 200, new JsonObject().put("object", "list").put("data", data));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Pterodactyl's rules: database required, alpha_dash, 3 to 48 characters; remote required, a string of {@code [\w\-/.%:]}. */
  void create(RoutingContext ctx) {
    JsonObject body = LaravelRules.normalized(JsonBody.of(ctx));
    Future.succeededFuture(body).compose(b -> {
      ValidationErrors errors = new ValidationErrors();
      LaravelRules.check(errors, b, "database", "database", "required|alpha_dash|min:3|max:48");
      LaravelRules.check(errors, b, "remote", "remote", "required|string|regex:/^[\\w\\-\\/.%:]+$/");
      errors.throwIfAny();
      return request(ctx, Addresses.DB_CLIENT_DATABASE_INSERT, hostBusTimeoutMs, server(ctx)
          .put("database", LaravelRules.phpString(b.getValue("database")))
          .put("remote", b.getString("remote"))
          .put("passwords", mayViewPassword(ctx)));
    })
        .onSuccess(created -> Responses.json(ctx, 200, item(created, true)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void rotatePassword(RoutingContext ctx) {
    request(ctx, Addresses.DB_CLIENT_DATABASE_ROTATE_PASSWORD, hostBusTimeoutMs,
        database(ctx).put("passwords", mayViewPassword(ctx)))
        .onSuccess(rotated -> Responses.json(ctx, 200, item(rotated, true)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    request(ctx, Addresses.DB_DATABASE_DELETE, hostBusTimeoutMs, database(ctx))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * The {@code server_database} item; with {@code includePassword}, {@code relationships.password}
   * holds the password persistence sent, or a null resource when it sent none (the caller may not see it).
   */
  private static JsonObject item(JsonObject database, boolean includePassword) {
    JsonObject attributes = database.copy();
    Object password = attributes.remove("password");
    if (includePassword) {
      attributes.put("relationships", new JsonObject().put("password", password == null ? Includes.NULL_RESOURCE.copy()
          : Envelopes.item("database_password", new JsonObject().put("password", password))));
    }
    return Envelopes.item("server_database", attributes);
  }

  private static boolean mayViewPassword(RoutingContext ctx) {
    return ServerAccess.of(ctx).caller().can(VIEW_PASSWORD);
  }

  private static JsonObject server(RoutingContext ctx) {
    return new JsonObject().put("server_id", ServerAccess.of(ctx).serverId());
  }

  private static JsonObject database(RoutingContext ctx) {
    return server(ctx).put("id", ServerAccess.of(ctx).childId().intValue());
  }

  private static Future<JsonObject> request(RoutingContext ctx, String address, long timeoutMs, JsonObject body) {
    return Bus.request(ctx.vertx().eventBus(), address, body, timeoutMs);
  }
}
