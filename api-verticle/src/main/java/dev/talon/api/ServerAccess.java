package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The access decision of every {@code /api/client/servers/:server/...} route, in Pterodactyl's
 * order: the server ({@code :server}, its 8-character identifier or its uuid) and the child the path
 * names must exist, the child on that server (404); the caller must be the owner, a root admin or a
 * subuser (404 "does not exist on this server"); the server's state must allow the route (409); the
 * caller must hold the route's permission string (403).
 *
 * <p>One persistence statement decides it on every request, and nothing of it is cached: a removed
 * subuser or a changed permission holds on the very next request, on every node.
 */
final class ServerAccess {

  static final String NO_ACCESS = "The requested resource does not exist on this server.";
  private static final Pattern UUID_TEXT =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern ID = Pattern.compile("^\\d{1,9}$");
  /** A database's hashid or id: persistence, which holds the hashids' salt, tells which record it names. */
  private static final Pattern DATABASE_KEY = Pattern.compile("^[A-Za-z0-9]{1,64}$");
  private static final String KEY = "talon.server-access";

  /** The child resource a route's path names, and its path parameter. */
  enum Child {
    NONE("none", null), ALLOCATION("allocation", "allocation"), BACKUP("backup", "backup"), SUBUSER("subuser", "user"),
    DATABASE("database", "database");

    private final String kind;
    private final String param;

    Child(String kind, String param) {
      this.kind = kind;
      this.param = param;
    }
  }

  /**
   * What one route requires: whether the server's state is checked, the permission (null: any
   * relation is enough), the child in its path, the refusal when the permission is missing, and
   * whether a root admin passes the installing/restoring conflicts (Pterodactyl's websocket route).
   */
  private record Rule(boolean checksState, Function<RoutingContext, String> permission, Child child,
      TalonException denied, boolean adminPassesBusyServer) {
  }

  private static final TalonException UNAUTHORIZED = new TalonException(Failure.FORBIDDEN);

  /** The decision a route's handler reads: the server as the caller reaches it. */
  record Access(JsonObject server, ServerCaller caller) {
    int serverId() {
      return server.getInteger("id");
    }

    String uuid() {
      return server.getString("uuid");
    }

    int nodeId() {
      return server.getInteger("node_id");
    }

    /** The id of the child the path named (a subuser's user id); null when the route names none. */
    Long childId() {
      return server.getLong("child_id");
    }
  }

  private final long busTimeoutMs;

  ServerAccess(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  /** {@code GET /servers/:server}: any relation, whatever the server's state. */
  Handler<RoutingContext> view() {
    return handler(new Rule(false, ctx -> null, Child.NONE, UNAUTHORIZED, false));
  }

  /** Any relation, in a state that allows the route. */
  Handler<RoutingContext> any() {
    return handler(new Rule(true, ctx -> null, Child.NONE, UNAUTHORIZED, false));
  }

  Handler<RoutingContext> require(String permission) {
    return require(permission, Child.NONE);
  }

  Handler<RoutingContext> require(String permission, Child child) {
    return handler(new Rule(true, ctx -> permission, child, UNAUTHORIZED, false));
  }

  /** A permission that depends on the request (the power signal). */
  Handler<RoutingContext> require(Function<RoutingContext, String> permission) {
    return handler(new Rule(true, permission, Child.NONE, UNAUTHORIZED, false));
  }

  /** The websocket: its own refusal text, and root admins may open it while a server installs or restores. */
  Handler<RoutingContext> websocket() {
    return handler(new Rule(true, ctx -> "websocket.connect", Child.NONE, TalonException.named(Failure.FORBIDDEN,
        "HttpForbiddenException", "You do not have permission to connect to this server's websocket."), true));
  }

  static Access of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  private Handler<RoutingContext> handler(Rule rule) {
    return ctx -> {
      JsonObject query = lookup(ctx, rule.child());
      if (query == null) {
        ErrorRenderer.fail(ctx, new TalonException(Failure.NOT_FOUND));
        return;
      }
      Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_SERVER_ACCESS, query, busTimeoutMs)
          .onSuccess(found -> decide(ctx, rule, found))
          .onFailure(t -> ErrorRenderer.fail(ctx, t));
    };
  }

  /** The persistence query for this path, or null when the path cannot name a record (no query then). */
  private static JsonObject lookup(RoutingContext ctx, Child child) {
    String server = ctx.pathParam("server");
    JsonObject query = new JsonObject().put("user_id", KeyAuthentication.admission(ctx).userId);
    if (server != null && server.length() == 8) {
      query.put("by", "identifier").put("server", server.toLowerCase(Locale.ROOT));
    } else if (server != null && UUID_TEXT.matcher(server).matches()) {
      query.put("by", "uuid").put("server", server);
    } else {
      return null;
    }
    if (child != Child.NONE) {
      String key = ctx.pathParam(child.param);
      if (key == null) {
        return null;
      }
      if (child == Child.ALLOCATION) {
        if (!ID.matcher(key).matches()) {
          return null;
        }
        query.put("child_key", Integer.parseInt(key));
      } else if (child == Child.DATABASE) {
        if (!DATABASE_KEY.matcher(key).matches()) {
          return null;
        }
        query.put("child_key", key);
      } else if (UUID_TEXT.matcher(key).matches()) {
        query.put("child_key", key);
      } else {
        return null;
      }
      query.put("child", child.kind);
    }
    return query;
  }

  private static void decide(RoutingContext ctx, Rule rule, JsonObject found) {
    if (found == null || (rule.child() != Child.NONE && found.getValue("child_id") == null)) {
      ErrorRenderer.fail(ctx, new TalonException(Failure.NOT_FOUND));
      return;
    }
    ServerCaller caller = ServerCaller.of(KeyAuthentication.admission(ctx), found.getInteger("owner_id"),
        found.getBoolean("is_subuser") ? found.getJsonArray("subuser_permissions") : null);
    if (!caller.related()) {
      ErrorRenderer.fail(ctx, new TalonException(Failure.NOT_FOUND, NO_ACCESS));
      return;
    }
    if (rule.checksState()) {
      TalonException conflict = conflict(found, rule.adminPassesBusyServer() && caller.rootAdmin());
      if (conflict != null) {
        ErrorRenderer.fail(ctx, conflict);
        return;
      }
    }
    String permission = rule.permission().apply(ctx);
    if (permission != null && !caller.can(permission)) {
      ErrorRenderer.fail(ctx, rule.denied());
      return;
    }
    ctx.put(KEY, new Access(found, caller));
    ctx.next();
  }

  /**
   * Pterodactyl's ServerStateConflictException: suspended, node under maintenance, not installed,
   * restoring a backup (Talon records no transfers). Suspension and maintenance hold even for a
   * root admin on the websocket.
   */
  private static TalonException conflict(JsonObject server, boolean busyServerAllowed) {
    String status = server.getString("status");
    String detail = null;
    if ("suspended".equals(status)) {
      detail = "This server is currently suspended and the functionality requested is unavailable.";
    } else if (server.getBoolean("node_maintenance", false)) {
      detail = "The node of this server is currently under maintenance and the functionality requested is unavailable.";
    } else if (busyServerAllowed) {
      return null;
    } else if ("installing".equals(status) || "install_failed".equals(status)) {
      detail = "This server has not yet completed its installation process, please try again later.";
    } else if ("restoring_backup".equals(status)) {
      detail = "This server is currently restoring from a backup, please try again later.";
    }
    return detail == null ? null : TalonException.named(Failure.CONFLICT, "ServerStateConflictException", detail);
  }
}
