package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/application/nests/{nest}/eggs}: Pterodactyl's eggs, read only and scoped to their nest. */
final class EggRoutes {

  private final long busTimeoutMs;

  EggRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  /** Every egg of the nest, not paginated and without {@code meta}, as Pterodactyl answers. */
  void list(RoutingContext ctx) {
    PathIds.of(ctx, "nest")
        .compose(nest -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_EGG_LIST, new JsonObject().put("nest_id", nest),
            busTimeoutMs))
        .compose(found -> {
          if (found == null) {
            return Future.failedFuture(new TalonException(Failure.NOT_FOUND));
          }
          List<JsonObject> eggs = new ArrayList<>();
          found.getJsonArray("data").forEach(egg -> eggs.add((JsonObject) egg));
          return Includes.apply(ctx, "egg", eggs, busTimeoutMs).map(v -> Envelopes.list("egg", eggs));
        })
        .onSuccess(list -> Responses.json(ctx, 200, list))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** One egg; 404 when it is not in that nest. */
  void view(RoutingContext ctx) {
    PathIds.of(ctx, "nest")
        .compose(nest -> PathIds.of(ctx, "id").map(id -> new JsonObject().put("nest_id", nest).put("id", id)))
        .compose(query -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_EGG_FIND, query, busTimeoutMs))
        .compose(found -> Listing.item(ctx, "egg", found, busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }
}
