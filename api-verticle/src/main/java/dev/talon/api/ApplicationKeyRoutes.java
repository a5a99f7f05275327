package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.KeyType;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/application/api-keys}: a root admin's application keys, managed with the admin's
 * client key (never with an application key). Talon's addition; Pterodactyl manages them in its
 * admin pages only.
 */
final class ApplicationKeyRoutes {

  private final long busTimeoutMs;
  private final ClientAddress clientAddress;

  ApplicationKeyRoutes(long busTimeoutMs, ClientAddress clientAddress) {
    this.busTimeoutMs = busTimeoutMs;
    this.clientAddress = clientAddress;
  }

  void list(RoutingContext ctx) {
    JsonObject query = new JsonObject().put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("type", KeyType.APPLICATION.jsonName());
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_LIST, query, busTimeoutMs)
        .onSuccess(result -> {
          List<JsonObject> keys = new ArrayList<>();
          result.getJsonArray("data").forEach(k -> keys.add(applicationKey((JsonObject) k)));
          Responses.json(ctx, 200, Envelopes.list("api_key", keys));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void view(RoutingContext ctx) {
    JsonObject query = new JsonObject().put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("identifier", ctx.pathParam("identifier"))
        .put("type", KeyType.APPLICATION.jsonName());
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_GET, query, busTimeoutMs)
        .onSuccess(key -> Responses.json(ctx, 200, Envelopes.item("api_key", applicationKey(key))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void create(RoutingContext ctx) {
    JsonObject request = JsonBody.of(ctx).copy()
        .put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("type", KeyType.APPLICATION.jsonName())
        .put("ip", clientAddress.of(ctx.request()))
        .put("key_identifier", KeyAuthentication.keyIdentifier(ctx));
    if (!request.containsKey("description") && request.containsKey("memo")) {
      request.put("description", request.getValue("memo"));
    }
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_CREATE, request, busTimeoutMs)
        .onSuccess(created -> Responses.json(ctx, 201, Envelopes.item("api_key", applicationKey(created.getJsonObject("key")))
            .put("meta", new JsonObject().put("secret_token", created.getString("secret_token")))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    JsonObject request = new JsonObject()
        .put("identifier", ctx.pathParam("identifier"))
        .put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("type", KeyType.APPLICATION.jsonName())
        .put("ip", clientAddress.of(ctx.request()))
        .put("key_identifier", KeyAuthentication.keyIdentifier(ctx));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_REVOKE, request, busTimeoutMs)
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  static JsonObject applicationKey(JsonObject key) {
    return AccountRoutes.clientKey(key).put("permissions", key.getJsonObject("permissions", new JsonObject()));
  }
}
