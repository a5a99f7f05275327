package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/application/locations}: Pterodactyl's location resource. */
final class LocationRoutes {

  private final long busTimeoutMs;
  private final Listing listing;

  LocationRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.listing = new Listing("location", Addresses.DB_LOCATION_LIST, List.of("short", "long"), List.of("id"), busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    listing.handle(ctx);
  }

  void view(RoutingContext ctx) {
    RecordById.view(ctx, Addresses.DB_LOCATION_FIND, "location", busTimeoutMs);
  }

  void create(RoutingContext ctx) {
    validated(JsonBody.of(ctx))
        .compose(location -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_LOCATION_INSERT, location, busTimeoutMs))
        .onSuccess(created -> Responses.json(ctx, 201, Envelopes.item("location", created)
            .put("meta", new JsonObject().put("resource", PathIds.resourceUrl(ctx, created.getInteger("id"))))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void update(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(id -> validated(JsonBody.of(ctx)).map(location -> location.put("id", id)))
        .compose(location -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_LOCATION_UPDATE, location, busTimeoutMs))
        .onSuccess(updated -> Responses.json(ctx, 200, Envelopes.item("location", updated)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    RecordById.delete(ctx, Addresses.DB_LOCATION_DELETE, busTimeoutMs);
  }

  /** Pterodactyl's rules: short required, 1-60; long nullable, 1-191 (PATCH takes the same). */
  private static Future<JsonObject> validated(JsonObject body) {
    ValidationErrors errors = new ValidationErrors();
    String shortCode = errors.text(body, "short", "Location Identifier", true, 60);
    String longText = errors.text(body, "long", "Location Description", false, 191);
    try {
      errors.throwIfAny();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture(new JsonObject().put("short", shortCode).put("long", longText));
  }
}
