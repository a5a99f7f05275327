package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /api/application/database-hosts}: a Talon addition (Pterodactyl manages hosts only in its
 * admin panel), with the admin form's rules and Pterodactyl's {@code database_host} object. A host is
 * saved only once Talon could log in to it; its password is never answered.
 */
final class DatabaseHostRoutes {

  private final long busTimeoutMs;
  private final Listing listing;

  DatabaseHostRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.listing = new Listing("database_host", Addresses.DB_DATABASE_HOST_LIST, List.of("name", "host"), List.of("id"),
        busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    listing.handle(ctx);
  }

  void view(RoutingContext ctx) {
    RecordById.view(ctx, Addresses.DB_DATABASE_HOST_FIND, "database_host", busTimeoutMs);
  }

  void create(RoutingContext ctx) {
    validated(JsonBody.of(ctx))
        .compose(host -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_HOST_INSERT, host, busTimeoutMs))
        .onSuccess(created -> Responses.json(ctx, 201, Envelopes.item("database_host", created)
            .put("meta", new JsonObject().put("resource", PathIds.resourceUrl(ctx, created.getInteger("id"))))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** A full replace, as Pterodactyl's PATCHes are, except that a missing password keeps the stored one. */
  void update(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(id -> validated(JsonBody.of(ctx)).map(host -> host.put("id", id)))
        .compose(host -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_DATABASE_HOST_UPDATE, host, busTimeoutMs))
        .onSuccess(updated -> Responses.json(ctx, 200, Envelopes.item("database_host", updated)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    RecordById.delete(ctx, Addresses.DB_DATABASE_HOST_DELETE, busTimeoutMs);
  }

  /**
   * The admin form's rules: name required, 1-191; host required; port required, numeric, 1-65535;
   * username required, 1-32 (MySQL's longest user name); password nullable (never trimmed, as
   * Laravel leaves passwords); max_databases nullable integer, at least 0; node_id nullable integer,
   * of an existing node (checked by persistence).
   */
  private static Future<JsonObject> validated(JsonObject body) {
    ValidationErrors errors = new ValidationErrors();
    String name = errors.text(body, "name", "name", true, 191);
    String host = errors.text(body, "host", "host", true, 191);
    Integer port = port(errors, body.getValue("port"));
    String username = errors.text(body, "username", "username", true, 32);
    Object rawPassword = body.getValue("password");
    if (rawPassword != null && !(rawPassword instanceof String)) {
      errors.add("password", "string", "The password must be a string.");
    }
    Integer maxDatabases = optionalInteger(errors, body.getValue("max_databases"), "max_databases", "max databases");
    if (maxDatabases != null && maxDatabases < 0) {
      errors.add("max_databases", "min", "The max databases must be at least 0.");
    }
    Integer nodeId = optionalInteger(errors, body.getValue("node_id"), "node_id", "node id");
    try {
      errors.throwIfAny();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    JsonObject valid = new JsonObject().put("name", name).put("host", host).put("port", port).put("username", username)
        .put("max_databases", maxDatabases).put("node_id", nodeId);
    if (rawPassword instanceof String password && !password.isEmpty()) {
      valid.put("password", password);
    }
    return Future.succeededFuture(valid);
  }

  private static Integer port(ValidationErrors errors, Object value) {
    if (Numbers.absent(value)) {
      errors.add("port", "required", "The port field is required.");
      return null;
    }
    if (!Numbers.numeric(value)) {
      errors.add("port", "numeric", "The port must be a number.");
      return null;
    }
    Integer port = Numbers.integer(value);
    if (port == null || port < 1 || port > 65535) {
      errors.add("port", "between", "The port must be between 1 and 65535.");
      return null;
    }
    return port;
  }

  private static Integer optionalInteger(ValidationErrors errors, Object value, String field, String label) {
    if (Numbers.absent(value)) {
      return null;
    }
    Integer number = Numbers.integer(value);
    if (number == null) {
      errors.add(field, "integer", "The " + label + " must be an integer.");
    }
    return number;
  }
}
