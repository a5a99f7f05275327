package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/application/servers}: Pterodactyl's server resource. Where Pterodactyl calls the Wings
 * daemon (create, build, suspension, reinstall, delete), Talon records the state and publishes a
 * {@code talon.events.server.*} event for a daemon connector to act on.
 */
final class ServerRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ServerRoutes.class);
  /** Dropping a server's databases runs statements on remote database hosts, which may be slow to answer. */
  private static final long DATABASE_DROP_TIMEOUT_MS = 30_000;

  private final long busTimeoutMs;
  private final Listing listing;

  ServerRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.listing = new Listing("server", Addresses.DB_SERVER_LIST,
        List.of("uuid", "uuidShort", "name", "description", "image", "external_id"), List.of("id", "uuid"), busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    listing.handle(ctx);
  }

  void view(RoutingContext ctx) {
    existing(ctx).compose(server -> Listing.item(ctx, "server", server, busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void viewExternal(RoutingContext ctx) {
    request(ctx, Addresses.DB_SERVER_FIND, new JsonObject().put("external_id", ctx.pathParam("externalId")))
        .compose(server -> Listing.item(ctx, "server", server, busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** 201 with the server (no meta); the egg's variables take their defaults when not sent (product.md). */
  void create(RoutingContext ctx) {
    ValidationErrors errors = new ValidationErrors();
    JsonObject request = ServerRequests.creation(JsonBody.of(ctx), errors);
    failIfAny(errors)
        .compose(v -> withEnvironment(ctx, request, false))
        .compose(checked -> request(ctx, Addresses.DB_SERVER_INSERT, checked))
        .compose(server -> {
          publish(ctx, Addresses.EVENT_SERVER_CREATED, server, new JsonObject()
              .put("owner_id", server.getInteger("user"))
              .put("egg_id", server.getInteger("egg"))
              .put("allocation_id", server.getInteger("allocation"))
              .put("start_on_completion", request.getBoolean("start_on_completion")));
          return Listing.item(ctx, "server", server, busTimeoutMs);
        })
        .onSuccess(item -> Responses.json(ctx, 201, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** A full replace of name, owner, external id and description. */
  void details(RoutingContext ctx) {
    existing(ctx).compose(current -> {
      ValidationErrors errors = new ValidationErrors();
      JsonObject request = ServerRequests.details(JsonBody.of(ctx), errors).put("id", current.getInteger("id"));
      return failIfAny(errors)
          .compose(v -> request(ctx, Addresses.DB_SERVER_UPDATE_DETAILS, request))
          .map(server -> {
            JsonObject change = new JsonObject().put("change", "details").put("owner_id", server.getInteger("user"));
            if (!Objects.equals(current.getInteger("user"), server.getInteger("user"))) {
              change.put("previous_owner_id", current.getInteger("user"));
            }
            publish(ctx, Addresses.EVENT_SERVER_UPDATED, server, change);
            return server;
          });
    }).compose(server -> Listing.item(ctx, "server", server, busTimeoutMs))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Limits, feature limits and allocations, as Pterodactyl's BuildModificationService. */
  void build(RoutingContext ctx) {
    existing(ctx).compose(current -> {
      ValidationErrors errors = new ValidationErrors();
      JsonObject request = ServerRequests.build(JsonBody.of(ctx), errors).put("id", current.getInteger("id"));
      return failIfAny(errors).compose(v -> request(ctx, Addresses.DB_SERVER_UPDATE_BUILD, request));
    }).compose(server -> updated(ctx, server, "build"))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * Startup command, image, egg and skip_scripts. A non-empty environment is checked against the (new)
   * egg's variables, those missing taking their defaults, and then sets every variable; an empty one
   * leaves the variables alone, as in Pterodactyl.
   */
  void startup(RoutingContext ctx) {
    existing(ctx).compose(current -> {
      ValidationErrors errors = new ValidationErrors();
      JsonObject request = ServerRequests.startup(JsonBody.of(ctx), errors).put("id", current.getInteger("id"));
      return failIfAny(errors).compose(v -> {
        if (request.getJsonObject("environment").isEmpty()) {
          request.remove("environment");
          return Future.succeededFuture(request);
        }
        return withEnvironment(ctx, request, true);
      }).compose(checked -> request(ctx, Addresses.DB_SERVER_UPDATE_STARTUP, checked));
    }).compose(server -> updated(ctx, server, "startup"))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void suspend(RoutingContext ctx) {
    suspension(ctx, true, Addresses.EVENT_SERVER_SUSPENDED);
  }

  void unsuspend(RoutingContext ctx) {
    suspension(ctx, false, Addresses.EVENT_SERVER_UNSUSPENDED);
  }

  /** 204 either way; a server already in the state asked for is left alone and no event is published. */
  private void suspension(RoutingContext ctx, boolean suspended, String event) {
    PathIds.of(ctx, "id")
        .compose(id -> request(ctx, Addresses.DB_SERVER_SUSPENSION, new JsonObject().put("id", id).put("suspended", suspended)))
        .onSuccess(result -> {
          if (result.getBoolean("changed")) {
            publish(ctx, event, result.getJsonObject("server"), new JsonObject());
          }
          Responses.noContent(ctx);
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void reinstall(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(id -> request(ctx, Addresses.DB_SERVER_REINSTALL, new JsonObject().put("id", id)))
        .onSuccess(server -> {
          publish(ctx, Addresses.EVENT_SERVER_REINSTALLING, server, new JsonObject());
          Responses.noContent(ctx);
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * {@code DELETE /servers/{id}} and {@code /servers/{id}/{force}}: forced only when the segment is
   * exactly {@code force}. The server's databases are dropped first; without force a failure there
   * stops the deletion. A database made in between is a 409 even when forced: persistence keeps the
   * server and that record, so the next attempt drops it on its host rather than forgetting it there.
   */
  void delete(RoutingContext ctx) {
    boolean force = "force".equals(ctx.pathParam("force"));
    existing(ctx)
        .compose(server -> dropDatabases(ctx, server.getInteger("id"), force)
            .compose(v -> request(ctx, Addresses.DB_SERVER_DELETE, new JsonObject().put("id", server.getInteger("id")))))
        .onSuccess(deleted -> {
          ctx.vertx().eventBus().publish(Addresses.EVENT_SERVER_DELETED, event(deleted.getInteger("id"),
              deleted.getString("uuid"), deleted.getString("identifier"), deleted.getInteger("node_id"),
              deleted.getString("status")).put("force", force));
          Responses.noContent(ctx);
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Asks persistence to drop the server's databases on their hosts first, so none is left behind. */
  private Future<Void> dropDatabases(RoutingContext ctx, int serverId, boolean force) {
    JsonObject body = new JsonObject().put("server_id", serverId).put("force", force);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(DATABASE_DROP_TIMEOUT_MS).setLocalOnly(true);
    return ctx.vertx().eventBus().<JsonObject>request(Addresses.DATABASES_DROP_FOR_SERVER, body, options)
        .<Void>mapEmpty()
        .recover(t -> {
          if (force) {
            LOG.warn("Dropping the databases of server {} failed; deleting it anyway, as forced: {}", serverId,
                t.getMessage());
            return Future.succeededFuture();
          }
          if (t instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return Future.failedFuture(TalonException.fromWire(reply.failureCode(), reply.getMessage()));
          }
          return Future.failedFuture(new TalonException(Failure.UNAVAILABLE,
              "The databases of this server could not be dropped in time, please try again shortly."));
        });
  }

  /** The server named by the path, or 404 (before the body is looked at, as Pterodactyl binds first). */
  private Future<JsonObject> existing(RoutingContext ctx) {
    return PathIds.of(ctx, "id")
        .compose(id -> request(ctx, Addresses.DB_SERVER_FIND, new JsonObject().put("id", id)))
        .compose(server -> server == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(server));
  }

  /**
   * Checks the request's environment against its egg's variables ({@link EggVariableRules}) and puts the
   * values to store in its place. An egg that does not exist is a 422 here when {@code eggMustExist};
   * otherwise persistence reports it along with the other references.
   */
  private Future<JsonObject> withEnvironment(RoutingContext ctx, JsonObject request, boolean eggMustExist) {
    return request(ctx, Addresses.DB_EGG_VARIABLES, new JsonObject().put("egg_id", request.getInteger("egg_id")))
        .compose(egg -> {
          if (!egg.getBoolean("exists")) {
            return eggMustExist
                ? Future.failedFuture(TalonException.invalid("egg", "exists", "The selected egg is invalid."))
                : Future.succeededFuture(request);
          }
          ValidationErrors errors = new ValidationErrors();
          JsonObject values = EggVariableRules.resolve(egg.getJsonArray("variables"), request.getJsonObject("environment"),
              errors);
          return failIfAny(errors).map(v -> request.put("environment", values));
        });
  }

  private Future<JsonObject> updated(RoutingContext ctx, JsonObject server, String change) {
    publish(ctx, Addresses.EVENT_SERVER_UPDATED, server, new JsonObject().put("change", change));
    return Listing.item(ctx, "server", server, busTimeoutMs);
  }

  /** Publishes a server event (see Addresses): the server's identity and status, then {@code extra}. */
  private static void publish(RoutingContext ctx, String address, JsonObject server, JsonObject extra) {
    JsonObject event = event(server.getInteger("id"), server.getString("uuid"), server.getString("identifier"),
        server.getInteger("node"), server.getString("status"));
    ctx.vertx().eventBus().publish(address, event.mergeIn(extra));
  }

  private static JsonObject event(int id, String uuid, String identifier, int nodeId, String status) {
    return new JsonObject().put("server_id", id).put("uuid", uuid).put("identifier", identifier)
        .put("node_id", nodeId).put("status", status);
  }

  private Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return Bus.request(ctx.vertx().eventBus(), address, body, busTimeoutMs);
  }

  private static Future<Void> failIfAny(ValidationErrors errors) {
    try {
      errors.throwIfAny();
      return Future.succeededFuture();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
  }
}
