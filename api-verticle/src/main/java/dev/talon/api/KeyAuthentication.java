package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.ApiKeyFormat;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.KeyType;
import dev.talon.contracts.KeyVerifier;
import dev.talon.contracts.Resource;
import dev.talon.contracts.TalonException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.impl.UserImpl;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import java.util.HashSet;
import java.util.Set;

/**
 * Bearer-key (or, without an Authorization header, web-session) authentication for one API, in
 * Pterodactyl's order: the key (401), its allowed IPs (403), the rate limit (429), then the API's
 * own rule (an application key on the client API, a non-admin on the application API: 403). A
 * malformed key is refused here without a message to the auth verticle; an auth verticle that does
 * not answer is a 503, never a 401.
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
  private final SessionCookie sessions;

  KeyAuthentication(long busTimeoutMs, ClientAddress clientAddress, RateLimiter rateLimiter, SessionCookie sessions) {
    this.busTimeoutMs = busTimeoutMs;
    this.clientAddress = clientAddress;
    this.rateLimiter = rateLimiter;
    this.sessions = sessions;
  }

  SimpleAuthenticationHandler handlerFor(String api) {
    return SimpleAuthenticationHandler.create().authenticate(ctx -> authenticate(ctx, api));
  }

  private Future<User> authenticate(RoutingContext ctx, String api) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null && SessionCookie.presented(ctx) != null) {
      return bySession(ctx, api);
    }
    String key = ApiKeyFormat.bearer(authorization);
    return verify(ctx, key)
        .transform(ar -> ar.succeeded() ? admit(ctx, api, admission(ar.result())) : refuse(ar.cause()));
  }

  /**
   * A browser of the web pages: no key, only the session cookie. It acts as its user with the rights
   * of that user's client key, skips the IP allow-list, and needs the session's CSRF token to change
   * anything. A request with an Authorization header never gets here: the key decides.
   */
  private Future<User> bySession(RoutingContext ctx, String api) {
    return sessions.verify(ctx).transform(ar -> {
      if (ar.failed()) {
        return refuse(ar.cause());
      }
      if (!SessionCookie.csrfPasses(ctx, ar.result())) {
        return refuse(new TalonException(Failure.CSRF_MISMATCH));
      }
      return admit(ctx, api, Admission.of(ar.result()));
    });
  }

  /**
   * In-process when the node's auth verticle registered its verifier (it checks the format first and
   * formats the client address only for keys with an allow-list), else over the event bus, where a
   * malformed key is refused before it is sent.
   */
  private Future<JsonObject> verify(RoutingContext ctx, String key) {
    KeyVerifier verifier = localVerifier(ctx);
    if (verifier != null) {
      return verifier.verify(key, () -> clientAddress.of(ctx.request()));
    }
    if (ApiKeyFormat.parse(key) == null) {
      return Future.failedFuture(new TalonException(Failure.UNAUTHENTICATED));
    }
    return Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_VERIFY,
        new JsonObject().put("key", key).put("ip", clientAddress.of(ctx.request())), busTimeoutMs);
  }

  /**
   * The node's verifier, looked up once it is there: the auth verticle is deployed before the API
   * verticles and undeployed after them, so the one found stays the node's for this instance's life.
   */
  private KeyVerifier localVerifier(RoutingContext ctx) {
    KeyVerifier found = localVerifier;
    if (found == null && ctx.vertx().sharedData().getLocalMap(KeyVerifier.LOCAL_MAP).get(KeyVerifier.NAME)
        instanceof KeyVerifier registered) {
      localVerifier = registered;
      found = registered;
    }
    return found;
  }

  private volatile KeyVerifier localVerifier;

  private Future<User> admit(RoutingContext ctx, String api, Admission admission) {
    RateLimiter.Decision decision = rateLimiter.hit(api, admission.userId);
    LimitText limit = admission.limitText;
    if (limit.limit() != decision.limit()) {
      limit = new LimitText(decision.limit(), String.valueOf(decision.limit()));
      admission.limitText = limit;
    }
    ctx.response().putHeader(LIMIT_HEADER, limit.text())
        .putHeader(REMAINING_HEADER, String.valueOf(decision.remaining()));
    if (!decision.allowed()) {
      ctx.response().putHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()))
          .putHeader("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
      return refuse(new TalonException(Failure.RATE_LIMITED));
    }
    if (CLIENT_API.equals(api) && admission.type == KeyType.APPLICATION) {
      return refuse(new TalonException(Failure.FORBIDDEN,
          "You are attempting to use an application API key on an endpoint that requires a client API key."));
    }
    if (APPLICATION_API.equals(api) && !admission.rootAdmin) {
      return refuse(new TalonException(Failure.FORBIDDEN, "This account does not have permission to access the API."));
    }
    return Future.succeededFuture(admission.user);
  }

  /**
   * What a verified context grants, worked out once per context: the in-process verifier answers
   * the same (immutable) instance for as long as a key stays cached, so this is looked up by
   * identity and costs no hashing of JSON per request. The principal and attributes are shared by
   * the requests of that key: handlers only read them.
   */
  private record LimitText(int limit, String text) {
  }

  static final class Admission {
    final int userId;
    final boolean rootAdmin;
    final KeyType type;
    final JsonObject principal;
    final JsonObject attributes;
    final Set<Authorization> grants;
    final User user;
    /** The limit header's text, kept since the limit rarely changes. */
    volatile LimitText limitText = new LimitText(-1, "");
    /** Encoded responses derived from the principal only (the account object), made on first use. */
    volatile Buffer accountBody;

    /** The verified context this was worked out from (compared by identity). */
    final JsonObject context;

    private Admission(JsonObject context) {
      this.context = context;
      principal = context.getJsonObject("user");
      JsonObject key = context.getJsonObject("key");
      JsonObject levels = context.getJsonObject("permissions");
      userId = principal.getInteger("id");
      rootAdmin = principal.getBoolean("root_admin", false);
      // a web session has no key: it holds the rights of its user's client key
      type = key == null ? KeyType.CLIENT : KeyType.ofJson(key.getString("type"));
      attributes = new JsonObject().put("key", key).put("permissions", levels);
      grants = grants(type, rootAdmin, levels);
      // one User per verified context, shared by its requests: handlers and the authorization
      // handler only read it (no authorization provider is registered that would add to it)
      user = new AdmittedUser(principal, attributes, this);
      user.authorizations().put(PROVIDER, grants);
    }

    static Admission of(JsonObject context) {
      return new Admission(context);
    }
  }

  private static final CharSequence LIMIT_HEADER = HttpHeaders.createOptimized("X-RateLimit-Limit");
  private static final CharSequence REMAINING_HEADER = HttpHeaders.createOptimized("X-RateLimit-Remaining");

  /** Weak keys compare by identity; contexts that left the verifier's cache are collected with theirs. */
  private final Cache<JsonObject, Admission> admissions = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

  /** The last admission each event loop used: a busy key skips even the identity-cache lookup. */
  private final ThreadLocal<Admission> lastAdmission = new ThreadLocal<>();

  private Admission admission(JsonObject context) {
    Admission last = lastAdmission.get();
    if (last != null && last.context == context) {
      return last;
    }
    Admission admission = admissions.get(context, Admission::of);
    lastAdmission.set(admission);
    return admission;
  }

  private static Set<Authorization> grants(KeyType type, boolean rootAdmin, JsonObject levels) {
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
  static Admission admission(RoutingContext ctx) {
    return ctx.user() instanceof AdmittedUser user ? user.admission : null;
  }

  /**
   * The vertx-auth user of an admission, carrying it: handlers find the admission from the request's
   * user, with no per-request entry in the routing context's map (allocated on first put: 1.7 % of
   * the authenticated route's samples).
   */
  private static final class AdmittedUser extends UserImpl {
    private final Admission admission;

    AdmittedUser(JsonObject principal, JsonObject attributes, Admission admission) {
      super(principal, attributes);
      this.admission = admission;
    }
  }

  static JsonObject account(RoutingContext ctx) {
    return ctx.user().principal();
  }

  /** The 21-character identifier of the key the request came with; null for a web session. */
  static String keyIdentifier(RoutingContext ctx) {
    JsonObject key = admission(ctx).attributes.getJsonObject("key");
    return key == null ? null : key.getString("identifier");
  }
}
