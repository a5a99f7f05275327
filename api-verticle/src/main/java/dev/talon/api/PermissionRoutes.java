package dev.talon.api;

import dev.talon.contracts.SubuserPermissions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/client/permissions}: the catalogue of subuser permission strings. */
final class PermissionRoutes {

  private static final Buffer CATALOGUE = Envelopes.item("system_permissions",
      new JsonObject().put("permissions", SubuserPermissions.catalogue())).toBuffer();

  private PermissionRoutes() {
  }

  static void catalogue(RoutingContext ctx) {
    Responses.json(ctx, 200, CATALOGUE.slice());
  }
}
