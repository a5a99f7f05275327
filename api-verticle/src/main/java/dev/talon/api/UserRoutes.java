package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/application/users}: the user resource in Pterodactyl's shape. */
final class UserRoutes {

  private final long busTimeoutMs;

  UserRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  void list(RoutingContext ctx) {
    Envelopes.Page page = Envelopes.Page.of(ctx);
    JsonObject query = new JsonObject().put("limit", page.perPage()).put("offset", page.offset());
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_USER_LIST, query, busTimeoutMs)
        .onSuccess(result -> {
          List<JsonObject> users = new ArrayList<>();
          result.getJsonArray("data").forEach(u -> users.add(user((JsonObject) u)));
          Responses.json(ctx, 200, Envelopes.paginated(ctx, "user", users, result.getLong("total"), page));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void view(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!id.matches("\\d{1,9}")) {
      ErrorRenderer.fail(ctx, new TalonException(Failure.NOT_FOUND));
      return;
    }
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_USER_FIND, new JsonObject().put("id", Integer.parseInt(id)), busTimeoutMs)
        .onSuccess(found -> {
          if (found == null) {
            ErrorRenderer.fail(ctx, new TalonException(Failure.NOT_FOUND));
          } else {
            Responses.json(ctx, 200, Envelopes.item("user", user(found)));
          }
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
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
