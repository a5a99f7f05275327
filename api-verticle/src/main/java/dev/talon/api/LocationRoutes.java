package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /api/application/locations}: Pterodactyl's location resource. */
final class LocationRoutes {

  private static final List<String> FILTERS = List.of("short", "long");

  private final long busTimeoutMs;

  LocationRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  void list(RoutingContext ctx) {
    Envelopes.Page page = Envelopes.Page.of(ctx);
    JsonObject query = new JsonObject().put("limit", page.perPage()).put("offset", page.offset());
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      String name = param.getKey();
      if (name.startsWith("filter[") && name.endsWith("]")) {
        String filter = name.substring(7, name.length() - 1);
        if (!FILTERS.contains(filter)) {
          ErrorRenderer.render(ctx, new ApiError(400, "InvalidFilterQuery", "Requested filter(s) `" + filter
              + "` are not allowed. Allowed filter(s) are `" + String.join(", ", FILTERS) + "`.", null));
          return;
        }
        query.put(filter, param.getValue());
      }
    }
    String sort = ctx.queryParams().get("sort");
    if (sort != null && !sort.isBlank()) {
      if (!sort.strip().equals("id") && !sort.strip().equals("-id")) {
        ErrorRenderer.render(ctx, new ApiError(400, "InvalidSortQuery",
            "Requested sort(s) `" + sort.strip() + "` is not allowed. Allowed sort(s) are `id`.", null));
        return;
      }
      query.put("descending", sort.strip().startsWith("-"));
    }
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_LOCATION_LIST, query, busTimeoutMs)
        .onSuccess(result -> {
          List<JsonObject> locations = new ArrayList<>();
          result.getJsonArray("data").forEach(l -> locations.add((JsonObject) l));
          Responses.json(ctx, 200, Envelopes.paginated(ctx, "location", locations, result.getLong("total"), page));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void view(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(id -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_LOCATION_FIND, new JsonObject().put("id", id), busTimeoutMs))
        .compose(found -> found == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND)) : Future.succeededFuture(found))
        .onSuccess(found -> Responses.json(ctx, 200, Envelopes.item("location", found)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
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
    PathIds.of(ctx, "id")
        .compose(id -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_LOCATION_DELETE, new JsonObject().put("id", id), busTimeoutMs))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
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
