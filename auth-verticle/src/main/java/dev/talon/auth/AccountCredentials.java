package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

/**
 * A user changing their own e-mail or password, as Pterodactyl's account routes do it: the current
 * password is checked first (bcrypt on the hashing pool, never an event loop), and a wrong one is a
 * 400 {@code InvalidPasswordProvidedException} before any other rule is looked at.
 *
 * <p>A new e-mail drops this node's cached contexts of the user before the answer, so the next
 * request shows it; other nodes drop theirs when the users row's notification reaches them. A new
 * password ends every web session of the user except the caller's own, in the statement that stores
 * it; API keys stay valid, as in Pterodactyl.
 */
final class AccountCredentials {

  private static final String INVALID_PASSWORD = "The password provided was invalid for this account.";
  private static final int MIN_PASSWORD = 8;

  private final Vertx vertx;
  private final WorkerExecutor hashing;
  private final PasswordHasher passwords;
  private final WebSessions sessions;
  private final KeyCache cache;
  private final UsageRecorder usage;
  private final long busTimeoutMs;

  AccountCredentials(Vertx vertx, WorkerExecutor hashing, PasswordHasher passwords, WebSessions sessions, KeyCache cache,
      UsageRecorder usage, long busTimeoutMs) {
    this.vertx = vertx;
    this.hashing = hashing;
    this.passwords = passwords;
    this.sessions = sessions;
    this.cache = cache;
    this.usage = usage;
    this.busTimeoutMs = busTimeoutMs;
  }

  /** {@code {user_id, password, email, ip?, key_identifier?}}: answers {@code {email}}. */
  Future<JsonObject> changeEmail(JsonObject request) {
    Integer userId = request.getInteger("user_id");
    return currentPassword(userId, request.getValue("password")).compose(user -> {
      String email;
      try {
        email = validEmail(request.getValue("email"));
      } catch (TalonException invalid) {
        return Future.failedFuture(invalid);
      }
      return Bus.request(vertx.eventBus(), Addresses.DB_USER_UPDATE, new JsonObject().put("id", userId).put("email", email),
              busTimeoutMs)
          .andThen(ar -> cache.dropUser(userId))
          .map(updated -> {
            String previous = user.getString("email");
            if (!email.equals(previous)) {
              usage.recordActivity(activity("user:account.email-changed", userId, request,
                  new JsonObject().put("old", previous).put("new", email)));
            }
            return new JsonObject().put("email", email);
          });
    });
  }

  /**
   * {@code {user_id, current_password, password, password_confirmation, session?, ip?,
   * key_identifier?}}: answers {@code {sessions_ended}}. {@code session} is the cookie the request
   * came with: that session stays.
   */
  Future<JsonObject> changePassword(JsonObject request) {
    Integer userId = request.getInteger("user_id");
    return currentPassword(userId, request.getValue("current_password")).compose(user -> {
      String password;
      try {
        password = validNewPassword(request);
      } catch (TalonException invalid) {
        return Future.failedFuture(invalid);
      }
      String keep = sessions.storedHashOf(request.getString("session"));
      return hashing.executeBlocking(() -> passwords.hash(password), false)
          .compose(hash -> Bus.request(vertx.eventBus(), Addresses.DB_USER_PASSWORD,
              new JsonObject().put("id", userId).put("password", hash).put("keep_session", keep), busTimeoutMs))
          .map(changed -> {
            usage.recordActivity(activity("user:account.password-changed", userId, request, new JsonObject()));
            return changed;
          });
    });
  }

  /** The user's row once {@code password} matched its stored hash; else Pterodactyl's 400. */
  private Future<JsonObject> currentPassword(Integer userId, Object password) {
    if (!(password instanceof String given) || given.isEmpty()) {
      return Future.failedFuture(invalidPassword());
    }
    return Bus.request(vertx.eventBus(), Addresses.DB_USER_CREDENTIALS, new JsonObject().put("id", userId), busTimeoutMs)
        .compose(found -> {
          if (found == null) {
            return Future.failedFuture(invalidPassword());
          }
          String hash = found.getString("password");
          return hashing.executeBlocking(() -> passwords.verify(given, hash), false)
              .compose(matched -> matched ? Future.succeededFuture(found.getJsonObject("user"))
                  : Future.failedFuture(invalidPassword()));
        });
  }

  /** Pterodactyl's rules for a user's e-mail, in its order: required, email, between 1 and 191. */
  private static String validEmail(Object value) {
    ValidationErrors errors = new ValidationErrors();
    String email = value instanceof String s ? s.strip() : null;
    if (value == null || "".equals(email)) {
      errors.add("email", "required", "The email field is required.");
    } else {
      if (email == null || !UserAccounts.EMAIL.matcher(email).matches()) {
        errors.add("email", "email", "The email must be a valid email address.");
      }
      if (email != null && email.codePointCount(0, email.length()) > UserAccounts.MAX_LENGTH) {
        errors.add("email", "between", "The email must be between 1 and " + UserAccounts.MAX_LENGTH + " characters.");
      }
    }
    errors.throwIfAny();
    return email;
  }

  /** required, string, confirmed, min:8; a password is taken as typed, never trimmed. */
  private static String validNewPassword(JsonObject request) {
    ValidationErrors errors = new ValidationErrors();
    Object value = request.getValue("password");
    String password = value instanceof String s ? s : null;
    if (value == null || (password != null && password.isBlank())) {
      errors.add("password", "required", "The password field is required.");
    } else if (password == null) {
      errors.add("password", "string", "The password must be a string.");
    } else {
      if (!password.equals(request.getValue("password_confirmation"))) {
        errors.add("password", "confirmed", "The password confirmation does not match.");
      }
      if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
        errors.add("password", "min", "The password must be at least " + MIN_PASSWORD + " characters.");
      }
    }
    errors.throwIfAny();
    return password;
  }

  private static TalonException invalidPassword() {
    return TalonException.named(Failure.DISPLAY, "InvalidPasswordProvidedException", INVALID_PASSWORD);
  }

  private static JsonObject activity(String event, Integer userId, JsonObject request, JsonObject properties) {
    return new JsonObject()
        .put("event", event)
        .put("actor_id", userId)
        .put("subject_type", "user")
        .put("subject_id", String.valueOf(userId))
        .put("key_identifier", request.getString("key_identifier"))
        .put("ip", request.getString("ip"))
        .put("properties", properties);
  }
}
