package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.KeyType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/client/account}: the caller's account and client keys. */
final class AccountRoutes {

  private final long busTimeoutMs;
  private final ClientAddress clientAddress;

  AccountRoutes(long busTimeoutMs, ClientAddress clientAddress) {
    this.busTimeoutMs = busTimeoutMs;
    this.clientAddress = clientAddress;
  }

  /** The account object, encoded once per verified context (it depends on the principal only). */
  void account(RoutingContext ctx) {
    KeyAuthentication.Admission admission = KeyAuthentication.admission(ctx);
    Buffer body = admission.accountBody;
    if (body == null) {
      JsonObject user = admission.principal;
      body = Envelopes.item("user", new JsonObject()
          .put("id", user.getInteger("id"))
          .put("admin", user.getBoolean("root_admin", false))
          .put("username", user.getString("username"))
          .put("email", user.getString("email"))
          .put("first_name", user.getString("first_name"))
          .put("last_name", user.getString("last_name"))
          .put("language", user.getString("language"))).toBuffer();
      admission.accountBody = body;
    }
    // the cached buffer is shared: each response gets its own view of the bytes
    Responses.json(ctx, 200, body.slice());
  }

  void listKeys(RoutingContext ctx) {
    JsonObject query = new JsonObject().put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("type", KeyType.CLIENT.jsonName());
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_LIST, query, busTimeoutMs)
        .onSuccess(result -> Responses.json(ctx, 200, Envelopes.list("api_key", clientKeys(result.getJsonArray("data")))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void createKey(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    JsonObject request = new JsonObject()
        .put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("type", KeyType.CLIENT.jsonName())
        .put("description", body.getValue("description"))
        .put("allowed_ips", body.getValue("allowed_ips"))
        .put("expires_at", body.getValue("expires_at"))
        .put("ip", clientAddress.of(ctx.request()));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_CREATE, request, busTimeoutMs)
        .onSuccess(created -> Responses.json(ctx, 200, Envelopes.item("api_key", clientKey(created.getJsonObject("key")))
            .put("meta", new JsonObject().put("secret_token", created.getString("secret_token")))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void deleteKey(RoutingContext ctx) {
    JsonObject request = new JsonObject()
        .put("identifier", ctx.pathParam("identifier"))
        .put("user_id", KeyAuthentication.account(ctx).getInteger("id"))
        .put("type", KeyType.CLIENT.jsonName())
        .put("ip", clientAddress.of(ctx.request()));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_REVOKE, request, busTimeoutMs)
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  private static List<JsonObject> clientKeys(JsonArray keys) {
    List<JsonObject> out = new ArrayList<>(keys.size());
    keys.forEach(k -> out.add(clientKey((JsonObject) k)));
    return out;
  }

  /** Pterodactyl's client key object, plus {@code expires_at}. */
  static JsonObject clientKey(JsonObject key) {
    return new JsonObject()
        .put("identifier", key.getString("identifier"))
        .put("description", key.getString("description"))
        .put("allowed_ips", key.getJsonArray("allowed_ips", new JsonArray()))
        .put("last_used_at", key.getString("last_used_at"))
        .put("expires_at", key.getString("expires_at"))
        .put("created_at", key.getString("created_at"));
  }
}
