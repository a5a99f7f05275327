package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/client/servers/:server/network/allocations}: a server's allocations. A new one is a
 * free allocation of the node, on the primary allocation's IP, within the server's allocation limit;
 * Talon creates no allocations for it (Pterodactyl's optional port range is not offered), so when
 * none is free the answer is Pterodactyl's "no more space" 400. Deleting gives it back to the node.
 */
final class ClientAllocationRoutes {

  private final long busTimeoutMs;

  ClientAllocationRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  void list(RoutingContext ctx) {
    request(ctx, Addresses.DB_CLIENT_ALLOCATION_LIST, server(ctx))
        .onSuccess(found -> Responses.json(ctx, 200, ClientServers.list("allocation", found.getJsonArray("data"))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void create(RoutingContext ctx) {
    request(ctx, Addresses.DB_CLIENT_ALLOCATION_ASSIGN, server(ctx))
        .onSuccess(allocation -> Responses.json(ctx, 200, Envelopes.item("allocation", allocation)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code {notes}}: present, null or a string of at most 256 characters. */
  void notes(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    Future.succeededFuture(body).compose(b -> {
      ValidationErrors errors = new ValidationErrors();
      Object value = b.getValue("notes");
      String notes = value instanceof String s && !s.isBlank() ? s.strip() : null;
      if (!b.containsKey("notes")) {
        errors.add("notes", "present", "The notes field must be present.");
      } else if (value != null && !(value instanceof String)) {
        errors.add("notes", "string", "The notes must be a string.");
      } else if (notes != null && notes.length() > 256) {
        errors.add("notes", "max", "The notes may not be greater than 256 characters.");
      }
      errors.throwIfAny();
      return request(ctx, Addresses.DB_CLIENT_ALLOCATION_NOTES, allocation(ctx).put("notes", notes));
    })
        .onSuccess(allocation -> Responses.json(ctx, 200, Envelopes.item("allocation", allocation)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void primary(RoutingContext ctx) {
    request(ctx, Addresses.DB_CLIENT_ALLOCATION_PRIMARY, allocation(ctx))
        .onSuccess(allocation -> Responses.json(ctx, 200, Envelopes.item("allocation", allocation)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    request(ctx, Addresses.DB_CLIENT_ALLOCATION_UNASSIGN, allocation(ctx))
        .onSuccess(done -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  private static JsonObject server(RoutingContext ctx) {
    return new JsonObject().put("server_id", ServerAccess.of(ctx).serverId());
  }

  private static JsonObject allocation(RoutingContext ctx) {
    return server(ctx).put("allocation_id", ServerAccess.of(ctx).childId().intValue());
  }

  private Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return Bus.request(ctx.vertx().eventBus(), address, body, busTimeoutMs);
  }
}
