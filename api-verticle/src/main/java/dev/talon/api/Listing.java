package dev.talon.api;

import dev.talon.contracts.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One paginated Application API listing: {@code page}/{@code per_page}, {@code filter[x]} and
 * {@code sort} checked against what the resource allows (400 {@code InvalidFilterQuery} /
 * {@code InvalidSortQuery} as Pterodactyl), the page asked of persistence, {@code ?include=} applied,
 * and the list rendered with its pagination meta.
 *
 * <p>Persistence receives {@code {limit, offset, filters: {name: value}, sort?}} plus the scope given
 * by the route (e.g. a node id) and answers {@code {total, data}} (see the persistence ListQuery).
 */
final class Listing {

  private final String object;
  private final String address;
  /** Allowed filter names; null when the endpoint takes none and ignores {@code filter[x]} (nests). */
  private final List<String> filters;
  /** Allowed sort names; null when the endpoint declares none (then {@code sort} is ignored). */
  private final List<String> sorts;
  private final long busTimeoutMs;

  Listing(String object, String address, List<String> filters, List<String> sorts, long busTimeoutMs) {
    this.object = object;
    this.address = address;
    this.filters = filters;
    this.sorts = sorts;
    this.busTimeoutMs = busTimeoutMs;
  }

  void handle(RoutingContext ctx) {
    handle(ctx, new JsonObject());
  }

  /** Lists within {@code scope} (fields added to the persistence request, e.g. {@code node_id}). */
  void handle(RoutingContext ctx, JsonObject scope) {
    Envelopes.Page page = Envelopes.Page.of(ctx);
    JsonObject query = filtersAndSort(ctx, filters, sorts);
    if (query == null) {
      return;
    }
    query.mergeIn(scope).put("limit", page.perPage()).put("offset", page.offset());
    Bus.request(ctx.vertx().eventBus(), address, query, busTimeoutMs)
        .compose(result -> {
          List<JsonObject> items = new ArrayList<>();
          result.getJsonArray("data").forEach(i -> items.add((JsonObject) i));
          return Includes.apply(ctx, object, items, busTimeoutMs)
              .map(v -> Envelopes.paginated(ctx, object, items, result.getLong("total"), page));
        })
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * {@code {filters: {name: value}, sort?}} of a request, each name checked against what the
   * endpoint allows ({@code null}: it takes none, and ignores the parameter); null when a name is
   * refused, the 400 already answered.
   */
  static JsonObject filtersAndSort(RoutingContext ctx, List<String> filters, List<String> sorts) {
    JsonObject requested = new JsonObject();
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      String name = param.getKey();
      if (filters != null && name.startsWith("filter[") && name.endsWith("]")) {
        String filter = name.substring(7, name.length() - 1);
        if (!filters.contains(filter)) {
          ErrorRenderer.render(ctx, new ApiError(400, "InvalidFilterQuery", "Requested filter(s) `" + filter
              + "` are not allowed. Allowed filter(s) are `" + String.join(", ", filters) + "`.", null));
          return null;
        }
        requested.put(filter, param.getValue());
      }
    }
    JsonObject query = new JsonObject().put("filters", requested);
    String sort = ctx.queryParams().get("sort");
    if (sorts != null && sort != null && !sort.isBlank()) {
      for (String piece : sort.split(",")) {
        String name = piece.strip().startsWith("-") ? piece.strip().substring(1) : piece.strip();
        if (!sorts.contains(name)) {
          ErrorRenderer.render(ctx, new ApiError(400, "InvalidSortQuery", "Requested sort(s) `" + name
              + "` is not allowed. Allowed sort(s) are `" + String.join(", ", sorts) + "`.", null));
          return null;
        }
      }
      query.put("sort", sort.strip());
    }
    return query;
  }

  /** Answers one record's item envelope, includes applied; {@code found} null means 404. */
  static Future<JsonObject> item(RoutingContext ctx, String object, JsonObject found, long busTimeoutMs) {
    if (found == null) {
      return Future.failedFuture(new dev.talon.contracts.TalonException(dev.talon.contracts.Failure.NOT_FOUND));
    }
    return Includes.apply(ctx, object, List.of(found), busTimeoutMs).map(v -> Envelopes.item(object, found));
  }
}
