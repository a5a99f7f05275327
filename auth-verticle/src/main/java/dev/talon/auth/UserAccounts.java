package dev.talon.auth;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Creates and changes users with Pterodactyl's rules and messages; passwords are hashed on a
 * dedicated worker pool, never on an event loop.
 *
 * <p>Requests from the Application API set {@code strict}: first and last name are then required,
 * as Pterodactyl requires them; the command line may leave them out.
 */
final class UserAccounts {

  private static final Pattern USERNAME = Pattern.compile("^[a-z0-9]([\\w.-]+)[a-z0-9]$");
  static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  static final int MAX_LENGTH = 191;

  private final Vertx vertx;
  private final WorkerExecutor hashing;
  private final PasswordHasher hasher;
  private final long busTimeoutMs;
  private final KeyCache cache;

  UserAccounts(Vertx vertx, WorkerExecutor hashing, PasswordHasher hasher, KeyCache cache, long busTimeoutMs) {
    this.vertx = vertx;
    this.cache = cache;
    this.hashing = hashing;
    this.hasher = hasher;
    this.busTimeoutMs = busTimeoutMs;
  }

  /** {@code {username, email, password?, first_name?, last_name?, root_admin?, language?, external_id?, strict?}}. */
  Future<JsonObject> create(JsonObject request) {
    JsonObject user;
    try {
      user = validated(request);
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    String password = user.getString("password");
    String secret = password != null ? password : randomPassword();
    return hashing.executeBlocking(() -> hasher.hash(secret), false)
        .compose(hash -> Bus.request(vertx.eventBus(), Addresses.DB_USER_INSERT, user.put("password", hash), busTimeoutMs));
  }

  /** {@code {id, ...same fields as create}}: absent optional fields, and an empty password, stay as they are. */
  Future<JsonObject> update(JsonObject request) {
    JsonObject change;
    try {
      change = validated(request);
    } catch (TalonException e) {
      return Future.failedFuture(e);
    }
    change.put("id", request.getInteger("id"));
    for (String optional : new String[] {"external_id", "language", "root_admin", "first_name", "last_name"}) {
      if (!request.containsKey(optional)) {
        change.remove(optional);
      }
    }
    String password = change.getString("password");
    change.remove("password");
    Future<JsonObject> hashed = password == null ? Future.succeededFuture(change)
        : hashing.executeBlocking(() -> hasher.hash(password), false).map(hash -> change.put("password", hash));
    // this node forgets the user's keys before answering (a demotion holds on the very next request);
    // other nodes hear of it through the database notification
    return hashed.compose(c -> Bus.request(vertx.eventBus(), Addresses.DB_USER_UPDATE, c, busTimeoutMs))
        .andThen(ar -> cache.dropUser(request.getInteger("id")));
  }

  /** {@code {id}}: deletes the user and the user's keys; answers {@code {id}} or NOT_FOUND. */
  Future<JsonObject> delete(JsonObject request) {
    return Bus.request(vertx.eventBus(), Addresses.DB_USER_DELETE, new JsonObject().put("id", request.getInteger("id")),
            busTimeoutMs)
        .andThen(ar -> cache.dropUser(request.getInteger("id")));
  }

  private static JsonObject validated(JsonObject request) {
    boolean strict = request.getBoolean("strict", false);
    ValidationErrors errors = new ValidationErrors();
    String email = errors.text(request, "email", "email", true, MAX_LENGTH);
    String username = errors.text(request, "username", "username", true, MAX_LENGTH);
    String firstName = errors.text(request, "first_name", "first name", strict, MAX_LENGTH);
    String lastName = errors.text(request, "last_name", "last name", strict, MAX_LENGTH);
    String externalId = errors.text(request, "external_id", "Third Party Identifier", false, MAX_LENGTH);
    if (email != null && !EMAIL.matcher(email).matches()) {
      errors.add("email", "email", "The email must be a valid email address.");
    }
    if (username != null) {
      username = username.toLowerCase(Locale.ROOT);
      if (!USERNAME.matcher(username).matches()) {
        errors.add("username", "p_username", "The username must start and end with alpha-numeric characters and "
            + "contain only letters, numbers, dashes, underscores, and periods.");
      }
    }
    Object language = request.getValue("language");
    if (language != null && !"en".equals(language)) {
      errors.add("language", "in", "The selected language is invalid.");
    }
    Object rootAdmin = request.getValue("root_admin");
    Boolean admin = asBoolean(rootAdmin);
    if (rootAdmin != null && admin == null) {
      errors.add("root_admin", "boolean", "The Root Administrator Status field must be true or false.");
    }
    Object password = request.getValue("password");
    if (password != null && !(password instanceof String)) {
      errors.add("password", "string", "The password must be a string.");
    }
    errors.throwIfAny();
    return new JsonObject()
        .put("username", username)
        .put("email", email)
        .put("first_name", firstName)
        .put("last_name", lastName)
        .put("external_id", externalId)
        .put("root_admin", admin != null && admin)
        .put("language", "en")
        .put("password", password instanceof String p && !p.isEmpty() ? p : null);
  }

  private static Boolean asBoolean(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n && (n.intValue() == 0 || n.intValue() == 1)) {
      return n.intValue() == 1;
    }
    if (value instanceof String s) {
      switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "1":
        case "true":
          return true;
        case "0":
        case "false":
          return false;
        default:
          return null;
      }
    }
    return null;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
