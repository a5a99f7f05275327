package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/application/users}: the user resource in Pterodactyl's shape. */
final class UserRoutes {

  private static final TalonException NOT_FOUND = new TalonException(Failure.NOT_FOUND);

  private final long busTimeoutMs;
  private final Listing listing;

  UserRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.listing = new Listing("user", Addresses.DB_USER_LIST, List.of("email", "uuid", "username", "external_id"),
        List.of("id", "uuid"), busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    listing.handle(ctx);
  }

  void view(RoutingContext ctx) {
    find(ctx, PathIds.of(ctx, "id").map(id -> new JsonObject().put("id", id)));
  }

  void viewExternal(RoutingContext ctx) {
    find(ctx, Future.succeededFuture(new JsonObject().put("external_id", ctx.pathParam("externalId"))));
  }

  private void find(RoutingContext ctx, Future<JsonObject> query) {
    query.compose(q -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_USER_FIND, q, busTimeoutMs))
        .compose(found -> Listing.item(ctx, "user", found == null ? null : user(found), busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void create(RoutingContext ctx) {
    JsonObject request = JsonBody.of(ctx).copy().put("strict", true);
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_USER_CREATE, request, busTimeoutMs)
        .onSuccess(created -> Responses.json(ctx, 201, Envelopes.item("user", user(created))
            .put("meta", new JsonObject().put("resource", PathIds.resourceUrl(ctx, created.getInteger("id"))))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void update(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(id -> Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_USER_UPDATE,
            JsonBody.of(ctx).copy().put("strict", true).put("id", id), busTimeoutMs))
        .onSuccess(updated -> Responses.json(ctx, 200, Envelopes.item("user", user(updated))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    RecordById.delete(ctx, Addresses.AUTH_USER_DELETE, busTimeoutMs);
  }

  /** Pterodactyl's application user object. */
  static JsonObject user(JsonObject row) {
    return new JsonObject()
        .put("id", row.getInteger("id"))
        .put("external_id", row.getString("external_id"))
        .put("uuid", row.getString("uuid"))
        .put("username", row.getString("username"))
        .put("email", row.getString("email"))
        .put("first_name", row.getString("first_name"))
        .put("last_name", row.getString("last_name"))
        .put("language", row.getString("language"))
        .put("root_admin", row.getBoolean("root_admin"))
        .put("2fa", row.getBoolean("use_totp"))
        .put("created_at", row.getString("created_at"))
        .put("updated_at", row.getString("updated_at"));
  }
}
