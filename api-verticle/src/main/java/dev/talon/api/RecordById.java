package dev.talon.api;

import dev.talon.contracts.Bus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The two routes most resources share, on a record named by the numeric path parameter {@code id}:
 * view it (200 item, includes applied; 404 when it is missing) and delete it (204).
 */
final class RecordById {

  private RecordById() {
  }

  /** {@code findAddress} answers the record's attributes for {@code {id}}, or null. */
  static void view(RoutingContext ctx, String findAddress, String object, long busTimeoutMs) {
    PathIds.of(ctx, "id")
        .compose(id -> Bus.request(ctx.vertx().eventBus(), findAddress, new JsonObject().put("id", id), busTimeoutMs))
        .compose(found -> Listing.item(ctx, object, found, busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code deleteAddress} deletes the record {@code {id}} or fails (NOT_FOUND, or why it may not go). */
  static void delete(RoutingContext ctx, String deleteAddress, long busTimeoutMs) {
    PathIds.of(ctx, "id")
        .compose(id -> Bus.request(ctx.vertx().eventBus(), deleteAddress, new JsonObject().put("id", id), busTimeoutMs))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }
}
