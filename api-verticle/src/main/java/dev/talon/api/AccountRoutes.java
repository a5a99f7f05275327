package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/client/account}: the caller's account, e-mail and password, client keys, SSH keys and
 * activity log.
 */
final class AccountRoutes {

  private static final int ACTIVITY_PER_PAGE = 25;
  private static final int ACTIVITY_MAX_PER_PAGE = 100;
  private static final List<String> ACTIVITY_FILTERS = List.of("ip", "event");
  private static final List<String> ACTIVITY_SORTS = List.of("timestamp");
  private static final int MAX_SSH_KEY_NAME = 191;
  /**
   * The properties each event's sentence names in Pterodactyl's activity translations: an entry has
   * additional metadata when it holds a property beyond those (and the client's address and agent).
   */
  private static final Map<String, Set<String>> DESCRIBED = Map.of(
      "auth:ip-blocked", Set.of("identifier"),
      "user:account.email-changed", Set.of("old", "new"),
      "user:api-key.create", Set.of("identifier"),
      "user:api-key.delete", Set.of("identifier"),
      "user:ssh-key.create", Set.of("fingerprint"),
      "user:ssh-key.delete", Set.of("fingerprint"));
  private static final Set<String> NEVER_ADDITIONAL = Set.of("ip", "useragent");

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
    JsonObject request = caller(ctx)
        .put("type", KeyType.CLIENT.jsonName())
        .put("description", body.getValue("description"))
        .put("allowed_ips", body.getValue("allowed_ips"))
        .put("expires_at", body.getValue("expires_at"));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_CREATE, request, busTimeoutMs)
        .onSuccess(created -> Responses.json(ctx, 200, Envelopes.item("api_key", clientKey(created.getJsonObject("key")))
            .put("meta", new JsonObject().put("secret_token", created.getString("secret_token")))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void deleteKey(RoutingContext ctx) {
    JsonObject request = caller(ctx)
        .put("identifier", ctx.pathParam("identifier"))
        .put("type", KeyType.CLIENT.jsonName());
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_KEY_REVOKE, request, busTimeoutMs)
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code {email, password}}: the password is checked first (400), then the address (422); 204. */
  void updateEmail(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    JsonObject request = caller(ctx).put("password", body.getValue("password")).put("email", body.getValue("email"));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_ACCOUNT_EMAIL, request, busTimeoutMs)
        .onSuccess(changed -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * {@code {current_password, password, password_confirmation}}: 204, and the user's other web
   * sessions end (the one this request came with, if any, stays).
   */
  void updatePassword(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    JsonObject request = caller(ctx)
        .put("current_password", body.getValue("current_password"))
        .put("password", body.getValue("password"))
        .put("password_confirmation", body.getValue("password_confirmation"))
        .put("session", SessionCookie.presented(ctx));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_ACCOUNT_PASSWORD, request, busTimeoutMs)
        .onSuccess(changed -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * The caller's activity log, newest first unless {@code sort=timestamp}; {@code filter[event]}
   * (part of the name) and {@code filter[ip]} (exact); 25 a page, at most 100; links keep the whole
   * query string. {@code ?include=actor} adds the client {@code user} who acted: the caller, whose
   * own entries these are.
   */
  void activity(RoutingContext ctx) {
    JsonObject query = Listing.filtersAndSort(ctx, ACTIVITY_FILTERS, ACTIVITY_SORTS);
    if (query == null) {
      return;
    }
    Envelopes.Page asked = Envelopes.Page.of(ctx);
    String perPage = ctx.queryParams().get("per_page");
    int size = perPage != null && perPage.strip().matches("\\d{1,9}") && Integer.parseInt(perPage.strip()) > 0
        ? Math.min(Integer.parseInt(perPage.strip()), ACTIVITY_MAX_PER_PAGE) : ACTIVITY_PER_PAGE;
    Envelopes.Page page = new Envelopes.Page(asked.page(), size);
    KeyAuthentication.Admission admission = KeyAuthentication.admission(ctx);
    query.put("user_id", admission.userId).put("limit", page.perPage()).put("offset", page.offset());
    JsonObject actor = Includes.requested(ctx).contains("actor") ? Envelopes.item("user", clientUser(admission.principal))
        : null;
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_ACTIVITY_LIST, query, busTimeoutMs)
        .onSuccess(result -> {
          JsonArray data = new JsonArray();
          result.getJsonArray("data").forEach(e -> {
            JsonObject entry = activityLog((JsonObject) e);
            if (actor != null) {
              entry.put("relationships", new JsonObject().put("actor", actor));
            }
            data.add(Envelopes.item("activity_log", entry));
          });
          Responses.json(ctx, 200, new JsonObject().put("object", "list").put("data", data).put("meta",
              new JsonObject().put("pagination", ClientServerRoutes.pagination(ctx, page, result.getLong("total"),
                  data.size()))));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void listSshKeys(RoutingContext ctx) {
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_SSH_KEY_LIST,
            new JsonObject().put("user_id", KeyAuthentication.admission(ctx).userId), busTimeoutMs)
        .onSuccess(result -> {
          List<JsonObject> keys = new ArrayList<>();
          result.getJsonArray("data").forEach(k -> keys.add((JsonObject) k));
          Responses.json(ctx, 200, Envelopes.list("ssh_key", keys));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /**
   * {@code {name, public_key}}: name required (and, unlike Pterodactyl, at most 191 characters, its
   * column's size), the key as {@link SshPublicKeys} takes it, not already on the account (422).
   */
  void createSshKey(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    ValidationErrors errors = new ValidationErrors();
    String name = errors.text(body, "name", "name", true, MAX_SSH_KEY_NAME);
    String text = errors.text(body, "public_key", "public key", true, Integer.MAX_VALUE);
    SshPublicKeys.Parsed key = null;
    if (text != null) {
      try {
        key = SshPublicKeys.parse(text);
      } catch (SshPublicKeys.Refused refused) {
        // added after the rules, as Pterodactyl's form request does: a rule of no name
        errors.add("public_key", "", refused.getMessage());
      }
    }
    try {
      errors.throwIfAny();
    } catch (TalonException invalid) {
      ErrorRenderer.fail(ctx, invalid);
      return;
    }
    JsonObject request = caller(ctx).put("name", name).put("fingerprint", key.fingerprint())
        .put("public_key", key.publicKey());
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_SSH_KEY_INSERT, request, busTimeoutMs)
        .onSuccess(created -> Responses.json(ctx, 200, Envelopes.item("ssh_key", created)))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code {fingerprint}}: removes the caller's key with it; 204 whether there was one or not. */
  void removeSshKey(RoutingContext ctx) {
    ValidationErrors errors = new ValidationErrors();
    String fingerprint = errors.text(JsonBody.of(ctx), "fingerprint", "fingerprint", true, Integer.MAX_VALUE);
    try {
      errors.throwIfAny();
    } catch (TalonException invalid) {
      ErrorRenderer.fail(ctx, invalid);
      return;
    }
    Bus.request(ctx.vertx().eventBus(), Addresses.DB_SSH_KEY_DELETE, caller(ctx).put("fingerprint", fingerprint),
            busTimeoutMs)
        .onSuccess(removed -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** Who asks, for the change and its activity entry: the user, the client address, the key (null for a session). */
  private JsonObject caller(RoutingContext ctx) {
    return new JsonObject()
        .put("user_id", KeyAuthentication.admission(ctx).userId)
        .put("ip", clientAddress.of(ctx.request()))
        .put("key_identifier", KeyAuthentication.keyIdentifier(ctx));
  }

  /**
   * Pterodactyl's {@code activity_log} object: {@code id} is, as there, the SHA-1 of the row's number
   * (a stable key for the page's list, not the number itself); {@code batch} and
   * {@code description} are always null (Talon writes neither), and empty properties are {@code []},
   * as PHP encodes an empty collection.
   */
  private static JsonObject activityLog(JsonObject row) {
    JsonObject properties = row.getJsonObject("properties", new JsonObject());
    Set<String> described = DESCRIBED.getOrDefault(row.getString("event"), Set.of());
    boolean additional = properties.fieldNames().stream()
        .anyMatch(name -> !described.contains(name) && !NEVER_ADDITIONAL.contains(name));
    return new JsonObject()
        .put("id", ClientServers.sha1(String.valueOf(row.getLong("id"))))
        .putNull("batch")
        .put("event", row.getString("event"))
        .put("is_api", row.getBoolean("is_api"))
        .put("ip", row.getString("ip"))
        .putNull("description")
        .put("properties", properties.isEmpty() ? new JsonArray() : properties)
        .put("has_additional_metadata", additional)
        .put("timestamp", row.getString("timestamp"));
  }

  /** The client {@code user} object (Pterodactyl's client UserTransformer). */
  private static JsonObject clientUser(JsonObject user) {
    String email = user.getString("email");
    return new JsonObject()
        .put("uuid", user.getString("uuid"))
        .put("username", user.getString("username"))
        .put("email", email)
        .put("image", "https://gravatar.com/avatar/" + ClientServers.md5(email.toLowerCase(Locale.ROOT)))
        .put("2fa_enabled", user.getBoolean("use_totp", false))
        .put("created_at", user.getString("created_at"));
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
