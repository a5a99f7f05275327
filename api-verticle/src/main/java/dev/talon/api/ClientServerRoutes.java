package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/client}: the servers a client key's user may reach, and
 * {@code GET /api/client/servers/:server}: one of them, each with the caller's meta.
 */
final class ClientServerRoutes {

  private static final List<String> FILTERS = List.of("uuid", "name", "description", "external_id", "*");

  private final long busTimeoutMs;

  ClientServerRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  /**
   * Owned and subuser servers by default; {@code type=owner} owned only; {@code type=admin} (servers
   * a root admin reaches only as admin) and {@code type=admin-all} (every server) are empty for
   * anyone else. {@code filter[uuid|name|description|external_id|*]}; {@code sort} is ignored.
   */
  void list(RoutingContext ctx) {
    KeyAuthentication.Admission admission = KeyAuthentication.admission(ctx);
    JsonObject filters = new JsonObject();
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      String name = param.getKey();
      if (name.startsWith("filter[") && name.endsWith("]")) {
        String filter = name.substring(7, name.length() - 1);
        if (!FILTERS.contains(filter)) {
          ErrorRenderer.render(ctx, new ApiError(400, "InvalidFilterQuery", "Requested filter(s) `" + filter
              + "` are not allowed. Allowed filter(s) are `" + String.join(", ", FILTERS) + "`.", null));
          return;
        }
        filters.put(filter, param.getValue());
      }
    }
    String requested = ctx.queryParams().get("type");
    String type = "owner".equals(requested) || "admin".equals(requested) || "admin-all".equals(requested)
        ? requested : "mine";
    Envelopes.Page page = Envelopes.Page.of(ctx);
    List<String> includes = Includes.requested(ctx);
    Future<JsonObject> servers = type.startsWith("admin") && !admission.rootAdmin
        ? Future.succeededFuture(new JsonObject().put("total", 0L).put("data", new JsonArray()))
        : Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_SERVER_LIST, new JsonObject()
            .put("user_id", admission.userId)
            .put("type", type)
            .put("filters", filters)
            .put("limit", page.perPage())
            .put("offset", page.offset())
            .put("subusers", includes.contains("subusers")), busTimeoutMs);
    servers.onSuccess(result -> {
      JsonArray data = new JsonArray();
      result.getJsonArray("data").forEach(s -> {
        JsonObject server = (JsonObject) s;
        ServerCaller caller = ServerCaller.of(admission, server.getInteger("owner_id"),
            server.getJsonArray("subuser_permissions"));
        data.add(ClientServers.item(server, caller, includes));
      });
      Responses.json(ctx, 200, new JsonObject().put("object", "list").put("data", data)
          .put("meta", new JsonObject().put("pagination", pagination(ctx, page, result.getLong("total"), data.size()))));
    }).onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code GET /servers/:server}: the server and the caller's meta, in any state. */
  void view(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    List<String> includes = Includes.requested(ctx);
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_CLIENT_SERVER_VIEW, new JsonObject()
            .put("server_id", access.serverId())
            .put("user_id", access.caller().userId())
            .put("subusers", includes.contains("subusers")), busTimeoutMs)
        .compose(server -> server == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND))
            : Future.succeededFuture(ClientServers.item(server, access.caller(), includes)))
        .onSuccess(item -> Responses.json(ctx, 200, item))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Pagination meta whose links keep the whole query string (Laravel's {@code appends}), only the page changed. */
  static JsonObject pagination(RoutingContext ctx, Envelopes.Page page, long total, int count) {
    int totalPages = (int) Math.max(1, (total + page.perPage() - 1) / page.perPage());
    JsonObject links = new JsonObject();
    if (page.page() > 1) {
      links.put("previous", pageUrl(ctx, page.page() - 1));
    }
    if (page.page() < totalPages) {
      links.put("next", pageUrl(ctx, page.page() + 1));
    }
    return new JsonObject()
        .put("total", total)
        .put("count", count)
        .put("per_page", page.perPage())
        .put("current_page", page.page())
        .put("total_pages", totalPages)
        .put("links", links);
  }

  private static String pageUrl(RoutingContext ctx, long page) {
    StringBuilder query = new StringBuilder();
    boolean paged = false;
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      String value = param.getValue();
      if (param.getKey().equals("page")) {
        if (paged) {
          continue;
        }
        paged = true;
        value = String.valueOf(page);
      }
      query.append(query.length() == 0 ? "" : "&").append(encode(param.getKey())).append('=').append(encode(value));
    }
    if (!paged) {
      query.append(query.length() == 0 ? "" : "&").append("page=").append(page);
    }
    return PathIds.requestUrl(ctx) + "?" + query;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
