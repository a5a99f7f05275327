package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.ApiKeyFormat;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.KeyVerifier;
import dev.talon.contracts.Resource;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Bearer-key authentication for one API, in Pterodactyl's order: the key (401), its allowed IPs
 * (403), the rate limit (429), then the API's own rule (an application key on the client API, a
 * non-admin on the application API: 403). A malformed key is refused here without a message to the
 * auth verticle; an auth verticle that does not answer is a 503, never a 401.
 *
 * <p>The resulting {@link User} has the user as principal, the key and levels as attributes, and
 * one authorization per granted right, {@code <resource>:read|write|delete} and
 * {@code api-keys:manage} (a root admin's client key), checked per route by an authorization handler.
 */
final class KeyAuthentication {

  static final String CLIENT_API = "client";
  static final String APPLICATION_API = "application";
  static final String PROVIDER = "talon";
  static final String MANAGE_KEYS = "api-keys:manage";

  private final long busTimeoutMs;
  private final ClientAddress clientAddress;
  private final RateLimiter rateLimiter;

  KeyAuthentication(long busTimeoutMs, ClientAddress clientAddress, RateLimiter rateLimiter) {
    this.busTimeoutMs = busTimeoutMs;
    this.clientAddress = clientAddress;
    this.rateLimiter = rateLimiter;
  }

  SimpleAuthenticationHandler handlerFor(String api) {
    return SimpleAuthenticationHandler.create().authenticate(ctx -> authenticate(ctx, api));
  }

  private Future<User> authenticate(RoutingContext ctx, String api) {
    String key = ApiKeyFormat.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (ApiKeyFormat.parse(key) == null) {
      return refuse(new TalonException(Failure.UNAUTHENTICATED));
    }
    return verify(ctx, key, clientAddress.of(ctx.request()))
        .recover(KeyAuthentication::refuse)
        .compose(context -> admit(ctx, api, context));
  }

  /** In-process when the node's auth verticle registered its verifier, else over the event bus. */
  private Future<JsonObject> verify(RoutingContext ctx, String key, String ip) {
    Object local = ctx.vertx().sharedData().getLocalMap(KeyVerifier.LOCAL_MAP).get(KeyVerifier.NAME);
    if (local instanceof KeyVerifier verifier) {
      return verifier.verify(key, ip);
    }
    return Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_VERIFY,
        new JsonObject().put("key", key).put("ip", ip), busTimeoutMs);
  }

  private Future<User> admit(RoutingContext ctx, String api, JsonObject context) {
    JsonObject user = context.getJsonObject("user");
    JsonObject key = context.getJsonObject("key");
    KeyType type = KeyType.ofJson(key.getString("type"));
    RateLimiter.Decision decision = rateLimiter.hit(api, user.getInteger("id"));
    ctx.response().putHeader("X-RateLimit-Limit", String.valueOf(decision.limit()))
        .putHeader("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
    if (!decision.allowed()) {
      ctx.response().putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()))
          .putHeader("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
      return refuse(new TalonException(Failure.RATE_LIMITED));
    }
    if (CLIENT_API.equals(api) && type == KeyType.APPLICATION) {
      return refuse(new TalonException(Failure.FORBIDDEN,
          "You are attempting to use an application API key on an endpoint that requires a client API key."));
    }
    boolean rootAdmin = user.getBoolean("root_admin", false);
    if (APPLICATION_API.equals(api) && !rootAdmin) {
      return refuse(new TalonException(Failure.FORBIDDEN, "This account does not have permission to access the API."));
    }
    // the context may be the verifier's cached instance: the request gets copies it may change
    User principal = User.create(user.copy(), new JsonObject()
        .put("key", key.copy())
        .put("permissions", context.getJsonObject("permissions").copy()));
    if (grants.size() > MAX_GRANT_SETS) {
      grants.clear();
    }
    principal.authorizations().put(PROVIDER, grants.computeIfAbsent(
        new Grant(type, rootAdmin, context.getJsonObject("permissions")), KeyAuthentication::grants));
    return Future.succeededFuture(principal);
  }

  /** What decides a key's rights; few distinct values exist, so their sets are built once. */
  private record Grant(KeyType type, boolean rootAdmin, JsonObject levels) {
  }

  private static final int MAX_GRANT_SETS = 1024;
  private final ConcurrentHashMap<Grant, Set<Authorization>> grants = new ConcurrentHashMap<>();

  private static Set<Authorization> grants(Grant grant) {
    KeyType type = grant.type();
    boolean rootAdmin = grant.rootAdmin();
    JsonObject levels = grant.levels();
    Set<Authorization> granted = new HashSet<>();
    for (Resource r : Resource.values()) {
      int level = levels.getInteger(r.jsonName(), 0);
      if (level >= Resource.READ) {
        granted.add(PermissionBasedAuthorization.create(r.jsonName() + ":read"));
      }
      if (level >= Resource.WRITE) {
        granted.add(PermissionBasedAuthorization.create(r.jsonName() + ":write"));
      }
      if (level >= Resource.DELETE) {
        granted.add(PermissionBasedAuthorization.create(r.jsonName() + ":delete"));
      }
    }
    if (type == KeyType.CLIENT && rootAdmin) {
      granted.add(PermissionBasedAuthorization.create(MANAGE_KEYS));
    }
    return Set.copyOf(granted);
  }

  /** The permission a route of {@code resource} needs for an HTTP method (levels as the seed). */
  static Authorization required(Resource resource, String method) {
    int level = Resource.levelFor(method);
    String right = level == Resource.READ ? "read" : level == Resource.WRITE ? "write" : "delete";
    return PermissionBasedAuthorization.create(resource.jsonName() + ":" + right);
  }

  private static <T> Future<T> refuse(Throwable error) {
    if (error instanceof TalonException te) {
      return Future.failedFuture(new HttpException(te.failure().httpStatus(), te));
    }
    return Future.failedFuture(new HttpException(503, new TalonException(Failure.UNAVAILABLE)));
  }

  /** The authenticated user's row (id, uuid, username, email, root_admin, names, language). */
  static JsonObject account(RoutingContext ctx) {
    return ctx.user().principal();
  }

  static JsonObject key(RoutingContext ctx) {
    return ctx.user().attributes().getJsonObject("key");
  }
}
