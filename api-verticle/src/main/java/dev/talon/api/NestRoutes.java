package dev.talon.api;

import dev.talon.contracts.Addresses;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/application/nests}: Pterodactyl's nests, read only. */
final class NestRoutes {

  private final long busTimeoutMs;
  private final Listing listing;

  NestRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    // Pterodactyl pages nests without its query builder: filter[x] and sort are ignored, never refused
    this.listing = new Listing("nest", Addresses.DB_NEST_LIST, null, null, busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    listing.handle(ctx);
  }

  void view(RoutingContext ctx) {
    RecordById.view(ctx, Addresses.DB_NEST_FIND, "nest", busTimeoutMs);
  }
}
