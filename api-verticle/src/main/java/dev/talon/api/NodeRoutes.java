package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /api/application/nodes}: Pterodactyl's node resource, its deployment search and daemon configuration. */
final class NodeRoutes {

  private static final Pattern LOCATION_IDS_ITEM = Pattern.compile("location_ids\\[\\d*]");

  private final long busTimeoutMs;
  private final Listing listing;

  NodeRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
    this.listing = new Listing("node", Addresses.DB_NODE_LIST, List.of("uuid", "name", "fqdn", "daemon_token_id"),
        List.of("id", "uuid", "memory", "disk"), busTimeoutMs);
  }

  void list(RoutingContext ctx) {
    listing.handle(ctx);
  }

  void view(RoutingContext ctx) {
    RecordById.view(ctx, Addresses.DB_NODE_FIND, "node", busTimeoutMs);
  }

  void create(RoutingContext ctx) {
    NodeBody.validated(ctx, JsonBody.of(ctx), true, busTimeoutMs)
        .compose(node -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_NODE_INSERT, node, busTimeoutMs))
        .onSuccess(created -> Responses.json(ctx, 201, Envelopes.item("node", created)
            .put("meta", new JsonObject().put("resource", PathIds.resourceUrl(ctx, created.getInteger("id"))))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** A full replace; {@code "reset_secret": true} (a JSON true, nothing else) makes a new daemon token pair. */
  void update(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    PathIds.of(ctx, "id")
        .compose(id -> NodeBody.validated(ctx, body, false, busTimeoutMs)
            .map(node -> node.put("id", id).put("reset_secret", Boolean.TRUE.equals(body.getValue("reset_secret")))))
        .compose(node -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_NODE_UPDATE, node, busTimeoutMs))
        .onSuccess(updated -> Responses.json(ctx, 200, Envelopes.item("node", updated)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    RecordById.delete(ctx, Addresses.DB_NODE_DELETE, busTimeoutMs);
  }

  /**
   * The daemon's configuration as bare JSON (no envelope), as Pterodactyl serves it to Read keys;
   * {@code remote} is the panel's base URL as this request reached it.
   */
  void configuration(RoutingContext ctx) {
    PathIds.of(ctx, "id")
        .compose(id -> Bus.request(ctx.vertx().eventBus(), Addresses.DB_NODE_CONFIGURATION, new JsonObject().put("id", id),
            busTimeoutMs))
        .compose(found -> found == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(found.put("remote", panelUrl(ctx))))
        .onSuccess(configuration -> Responses.json(ctx, 200, configuration))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  private static String panelUrl(RoutingContext ctx) {
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /**
   * Public nodes with room for {@code memory} and {@code disk} (query parameters), optionally in
   * {@code location_ids[]}; a list, paginated only when {@code page} is given, as Pterodactyl's
   * NodeDeploymentController.
   */
  void deployable(RoutingContext ctx) {
    JsonObject query;
    try {
      query = deploymentQuery(ctx.queryParams());
    } catch (TalonException e) {
      ErrorRenderer.fail(ctx, e);
      return;
    }
    boolean paginated = ctx.queryParams().get("page") != null && !ctx.queryParams().get("page").isBlank();
    Envelopes.Page page = Envelopes.Page.of(ctx);
    if (paginated) {
      query.put("limit", page.perPage()).put("offset", page.offset());
    }
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_NODE_DEPLOYABLE, query, busTimeoutMs)
        .compose(result -> {
          List<JsonObject> nodes = new ArrayList<>();
          result.getJsonArray("data").forEach(n -> nodes.add((JsonObject) n));
          return Includes.apply(ctx, "node", nodes, busTimeoutMs).map(v -> paginated
              ? Envelopes.paginated(ctx, "node", nodes, result.getLong("total"), page)
              : Envelopes.list("node", nodes));
        })
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** GetDeployableNodesRequest's rules: page integer; memory and disk required integers of at least 0; location ids integers. */
  private static JsonObject deploymentQuery(MultiMap params) {
    ValidationErrors errors = new ValidationErrors();
    Object page = InputRules.normalised(params.get("page"));
    if (page != null && InputRules.integer(page) == null) {
      errors.add("page", "integer", "The page must be an integer.");
    }
    Long memory = requirement(errors, params, "memory");
    Long disk = requirement(errors, params, "disk");
    if (params.contains("location_ids")) {
      errors.add("location_ids", "array", "The location ids must be an array.");
    }
    JsonArray locationIds = new JsonArray();
    int index = 0;
    for (Map.Entry<String, String> param : params) {
      if (LOCATION_IDS_ITEM.matcher(param.getKey()).matches()) {
        Long id = InputRules.integer(InputRules.normalised(param.getValue()));
        if (id == null) {
          errors.add("location_ids." + index, "integer", "The location ids." + index + " must be an integer.");
        } else {
          locationIds.add(id);
        }
        index++;
      }
    }
    errors.throwIfAny();
    return new JsonObject().put("memory", memory).put("disk", disk).put("location_ids", locationIds);
  }

  private static Long requirement(ValidationErrors errors, MultiMap params, String field) {
    Object value = InputRules.normalised(params.get(field));
    if (value == null) {
      errors.add(field, "required", "The " + field + " field is required.");
      return null;
    }
    Long amount = InputRules.integer(value);
    if (amount == null) {
      errors.add(field, "integer", "The " + field + " must be an integer.");
    } else if (amount < 0) {
      errors.add(field, "min", "The " + field + " must be at least 0.");
    }
    return amount;
  }
}
