package dev.talon.api;

import io.vertx.core.json.JsonArray;

/**
 * What the caller may do on one server, as Pterodactyl's ServerPolicy decides it: the owner and
 * root admins may do everything; a subuser exactly what its permission strings say (no wildcards).
 *
 * @param subuserPermissions the caller's seat on the server, or null when it has none
 */
record ServerCaller(int userId, boolean rootAdmin, boolean owner, JsonArray subuserPermissions) {

  private static final JsonArray OWNER_PERMISSIONS = new JsonArray().add("*");
  private static final JsonArray ADMIN_PERMISSIONS = new JsonArray().add("*").add("admin.websocket.errors")
      .add("admin.websocket.install").add("admin.websocket.transfer");

  static ServerCaller of(KeyAuthentication.Admission admission, int ownerId, JsonArray subuserPermissions) {
    return new ServerCaller(admission.userId, admission.rootAdmin, admission.userId == ownerId, subuserPermissions);
  }

  /** Owner, root admin or subuser: any relation to the server at all. */
  boolean related() {
    return owner || rootAdmin || subuserPermissions != null;
  }

  boolean can(String permission) {
    return owner || rootAdmin || (subuserPermissions != null && subuserPermissions.contains(permission));
  }

  /** {@code meta.user_permissions}: {@code ["*"]}, plus the admin websocket rights for root admins. */
  JsonArray userPermissions() {
    if (rootAdmin) {
      return ADMIN_PERMISSIONS.copy();
    }
    if (owner) {
      return OWNER_PERMISSIONS.copy();
    }
    return subuserPermissions == null ? new JsonArray() : subuserPermissions.copy();
  }
}
