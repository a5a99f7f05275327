package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.SubuserPermissions;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code /api/client/servers/:server/users}: a server's subusers ({@code :user} is the user's uuid,
 * found among this server's subusers only). Pterodactyl's rules: nobody acts on their own seat; a
 * caller who is neither owner nor root admin grants only strings it holds itself; permissions are
 * normalised (unknown strings dropped, {@code websocket.connect} added); adding an unknown e-mail
 * creates the user (through the auth verticle, with a random password).
 */
final class SubuserRoutes {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern NOT_USERNAME = Pattern.compile("[^\\w.-]+");
  private static final String RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int USERNAME_ATTEMPTS = 3;

  private final long busTimeoutMs;

  SubuserRoutes(long busTimeoutMs) {
    this.busTimeoutMs = busTimeoutMs;
  }

  void list(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    request(ctx, Addresses.DB_CLIENT_SUBUSER_LIST, new JsonObject().put("server_id", access.serverId()))
        .onSuccess(found -> Responses.json(ctx, 200,
            ClientServers.list("server_subuser", ClientServers.subusers(found.getJsonArray("data")))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void view(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    notSelf(access)
        .compose(userId -> request(ctx, Addresses.DB_CLIENT_SUBUSER_FIND, seat(access, userId)))
        .compose(SubuserRoutes::found)
        .onSuccess(seat -> Responses.json(ctx, 200, Envelopes.item("server_subuser", ClientServers.subuser(seat))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void create(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    JsonObject body = JsonBody.of(ctx);
    Future.succeededFuture(body)
        .compose(b -> grantable(access, b))
        .compose(b -> {
          ValidationErrors errors = new ValidationErrors();
          String email = email(body, errors);
          JsonArray permissions = permissions(body, errors);
          errors.throwIfAny();
          return user(ctx, email).compose(userId -> request(ctx, Addresses.DB_CLIENT_SUBUSER_INSERT,
              seat(access, userId).put("permissions", permissions)));
        })
        .onSuccess(seat -> Responses.json(ctx, 200, Envelopes.item("server_subuser", ClientServers.subuser(seat))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void update(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    JsonObject body = JsonBody.of(ctx);
    notSelf(access)
        .compose(userId -> grantable(access, body).map(userId))
        .compose(userId -> {
          ValidationErrors errors = new ValidationErrors();
          JsonArray permissions = permissions(body, errors);
          errors.throwIfAny();
          return request(ctx, Addresses.DB_CLIENT_SUBUSER_UPDATE, seat(access, userId).put("permissions", permissions));
        })
        .onSuccess(seat -> Responses.json(ctx, 200, Envelopes.item("server_subuser", ClientServers.subuser(seat))))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  void delete(RoutingContext ctx) {
    ServerAccess.Access access = ServerAccess.of(ctx);
    notSelf(access)
        .compose(userId -> request(ctx, Addresses.DB_CLIENT_SUBUSER_DELETE, seat(access, userId)))
        .onSuccess(deleted -> Responses.noContent(ctx))
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** The seat's user id, unless it is the caller's own seat (403, as Pterodactyl's SubuserRequest). */
  private static Future<Integer> notSelf(ServerAccess.Access access) {
    int userId = access.childId().intValue();
    return userId == access.caller().userId() ? Future.failedFuture(new TalonException(Failure.FORBIDDEN))
        : Future.succeededFuture(userId);
  }

  /**
   * A caller who is neither owner nor root admin may only grant strings it holds, compared as sent
   * (before normalisation), as Pterodactyl does on every POST that carries {@code permissions}.
   */
  private static Future<JsonObject> grantable(ServerAccess.Access access, JsonObject body) {
    ServerCaller caller = access.caller();
    if (caller.owner() || caller.rootAdmin() || !(body.getValue("permissions") instanceof JsonArray asked)) {
      return Future.succeededFuture(body);
    }
    for (Object permission : asked) {
      if (!caller.subuserPermissions().contains(permission instanceof String s ? s.strip() : permission)) {
        return Future.failedFuture(TalonException.named(Failure.FORBIDDEN, "HttpForbiddenException",
            "Cannot assign permissions to a subuser that your account does not actively possess."));
      }
    }
    return Future.succeededFuture(body);
  }

  /** {@code email}: required, an e-mail address, 1 to 191 characters. */
  private static String email(JsonObject body, ValidationErrors errors) {
    Object value = body.getValue("email");
    String email = value instanceof String s ? s.strip() : null;
    if (value == null || (email != null && email.isEmpty())) {
      errors.add("email", "required", "The email field is required.");
      return null;
    }
    if (email == null || !EMAIL.matcher(email).matches()) {
      errors.add("email", "email", "The email must be a valid email address.");
    }
    if (email != null && email.length() > 191) {
      errors.add("email", "between", "The email must be between 1 and 191 characters.");
    }
    return email;
  }

  /** {@code permissions}: a required, non-empty array of strings, then normalised. */
  private static JsonArray permissions(JsonObject body, ValidationErrors errors) {
    Object value = body.getValue("permissions");
    if (value == null || (value instanceof JsonArray a && a.isEmpty()) || (value instanceof String s && s.isBlank())) {
      errors.add("permissions", "required", "The permissions field is required.");
      return null;
    }
    if (!(value instanceof JsonArray asked)) {
      errors.add("permissions", "array", "The permissions must be an array.");
      return null;
    }
    JsonArray stripped = new JsonArray();
    for (int i = 0; i < asked.size(); i++) {
      Object p = asked.getValue(i);
      if (p != null && !(p instanceof String)) {
        errors.add("permissions." + i, "string", "The permissions." + i + " must be a string.");
      }
      stripped.add(p instanceof String s ? s.strip() : p);
    }
    return new JsonArray(SubuserPermissions.normalise(stripped.getList()));
  }

  /** The id of the user with this e-mail, created first when there is none. */
  private Future<Integer> user(RoutingContext ctx, String email) {
    return request(ctx, Addresses.DB_USER_FIND, new JsonObject().put("login", email))
        .compose(found -> found != null ? Future.succeededFuture(found.getInteger("id")) : createUser(ctx, email, 1));
  }

  /**
   * Pterodactyl's new subuser account: the e-mail's local part (characters other than letters,
   * digits, {@code _ . -} removed, at most 64) plus 3 random characters as username, "Server
   * Subuser" as name, a random password. A username taken meanwhile is tried again with other
   * characters; an e-mail taken meanwhile (a concurrent request) is that user.
   */
  private Future<Integer> createUser(RoutingContext ctx, String email, int attempt) {
    JsonObject user = new JsonObject()
        .put("email", email)
        .put("username", username(email))
        .put("first_name", "Server")
        .put("last_name", "Subuser");
    return Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_USER_CREATE, user, busTimeoutMs)
        .map(created -> created.getInteger("id"))
        .recover(t -> {
          String field = taken(t);
          if ("email".equals(field)) {
            return request(ctx, Addresses.DB_USER_FIND, new JsonObject().put("login", email))
                .compose(found -> found == null ? Future.failedFuture(t) : Future.succeededFuture(found.getInteger("id")));
          }
          if ("username".equals(field) && attempt < USERNAME_ATTEMPTS) {
            return createUser(ctx, email, attempt + 1);
          }
          return Future.failedFuture(t);
        });
  }

  /** The field whose uniqueness refused a new user, or null. */
  private static String taken(Throwable t) {
    if (t instanceof TalonException te && te.failure() == Failure.VALIDATION) {
      for (Object e : te.errors()) {
        JsonObject entry = (JsonObject) e;
        if ("unique".equals(entry.getString("rule"))) {
          return entry.getString("field");
        }
      }
    }
    return null;
  }

  static String username(String email) {
    String local = NOT_USERNAME.matcher(email.substring(0, email.indexOf('@'))).replaceAll("");
    local = local.substring(0, Math.min(64, local.length())).toLowerCase(Locale.ROOT);
    // Talon's username rule wants a letter or digit first; Pterodactyl would fail such a name with a 500
    local = local.replaceFirst("^[^a-z0-9]+", "");
    StringBuilder name = new StringBuilder(local);
    for (int i = 0; i < 3; i++) {
      name.append(RANDOM_ALPHABET.charAt(RANDOM.nextInt(RANDOM_ALPHABET.length())));
    }
    return name.toString();
  }

  private static JsonObject seat(ServerAccess.Access access, int userId) {
    return new JsonObject().put("server_id", access.serverId()).put("user_id", userId);
  }

  private static Future<JsonObject> found(JsonObject seat) {
    return seat == null ? Future.failedFuture(new TalonException(Failure.NOT_FOUND)) : Future.succeededFuture(seat);
  }

  private Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return Bus.request(ctx.vertx().eventBus(), address, body, busTimeoutMs);
  }
}
