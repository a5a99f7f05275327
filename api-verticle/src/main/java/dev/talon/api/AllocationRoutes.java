package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/application/nodes/{id}/allocations}: a node's allocations, scoped to that node. */
final class AllocationRoutes {

  private final long busTimeoutMs;
  private final Listing listing;

  AllocationRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    // Pterodactyl declares no sorts here: sort is ignored, not refused
    this.listing = new Listing("allocation", Addresses.DB_ALLOCATION_LIST, List.of("ip", "port", "ip_alias", "server_id"),
        null, busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .onSuccess(id -> listing.handle(ctx, new JsonObject().put("node_id", id)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** 204 once every address and port pair is on the node (pairs it had are skipped). */
  void create(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        // an unknown node is a 404 before the body is judged, as Pterodactyl's route binding makes it
        .compose(id -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_NODE_FIND, new JsonObject().put("id", id), busTimeoutMs)
            .compose(node -> node == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
                : AllocationBody.parse(ctx.vertx(), JsonBody.of(ctx)).map(request -> request.put("node_id", id))))
        .compose(request -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_ALLOCATION_INSERT, request, busTimeoutMs))
        .onSuccess(created -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(nodeId -> PathIds.of(ctx, "allocation").map(id -> new JsonObject().put("node_id", nodeId).put("id", id)))
        .compose(request -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_ALLOCATION_DELETE, request, busTimeoutMs))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }
}
