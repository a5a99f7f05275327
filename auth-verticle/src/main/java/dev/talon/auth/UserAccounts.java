package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.ValidationErrors;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/** Creates users with Pterodactyl's rules; passwords are hashed on a dedicated worker pool. */
final class UserAccounts {

  private static final Pattern USERNAME = Pattern.compile("^[a-z0-9]([\\w.-]+)[a-z0-9]$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final int MAX_LENGTH = 191;

  private final Vertx vertx;
  private final WorkerExecutor hashing;
  private final PasswordHasher hasher;
  private final long busTimeoutMs;

  UserAccounts(Vertx vertx, WorkerExecutor hashing, PasswordHasher hasher, long busTimeoutMs) {
    this.vertx = vertx;
    this.hashing = hashing;
    this.hasher = hasher;
    this.busTimeoutMs = busTimeoutMs;
  }

  /** {@code {username, email, password?, first_name?, last_name?, root_admin?, language?, external_id?}}. */
  Future<JsonObject> create(JsonObject request) {
    ValidationErrors errors = new ValidationErrors();
    String username = text(request, "username", errors);
    String email = text(request, "email", errors);
    if (username != null) {
      username = username.toLowerCase(Locale.ROOT);
      if (!USERNAME.matcher(username).matches()) {
        errors.add("username", "p_username", "The username must start and end with alpha-numeric characters and "
            + "contain only letters, numbers, dashes, underscores, and periods.");
      }
    }
    if (email != null && !EMAIL.matcher(email).matches()) {
      errors.add("email", "email", "The email must be a valid email address.");
    }
    String password = request.getValue("password") instanceof String p && !p.isEmpty() ? p : null;
    try {
      errors.throwIfAny();
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    String secret = password != null ? password : randomPassword();
    JsonObject user = new JsonObject()
        .put("username", username)
        .put("email", email)
        .put("first_name", request.getString("first_name"))
        .put("last_name", request.getString("last_name"))
        .put("root_admin", request.getBoolean("root_admin", false))
        .put("language", request.getString("language", "en"))
        .put("external_id", request.getString("external_id"));
    return hashing.executeBlocking(() -> hasher.hash(secret), false)
        .compose(hash -> Bus.request(vertx.eventBus(), Addresses.DB_USER_INSERT, user.put("password", hash), busTimeoutMs));
  }

  private static String text(JsonObject request, String field, ValidationErrors errors) {
    Object value = request.getValue(field);
    String text = value instanceof String s ? s.strip() : null;
    if (text == null || text.isEmpty()) {
      errors.add(field, "required", "The " + field + " field is required.");
      return null;
    }
    if (text.length() > MAX_LENGTH) {
      errors.add(field, "between", "The " + field + " must be between 1 and 191 characters.");
    }
    return text;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
