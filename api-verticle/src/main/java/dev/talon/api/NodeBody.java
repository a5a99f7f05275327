package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /nodes} and {@code PATCH /nodes/{id}} under Pterodactyl's rules
 * (Node::$validationRules as StoreNodeRequest picks them), with its labels, messages and error order.
 * PATCH takes the same rules, so it is a full replace, except that the optional {@code public},
 * {@code behind_proxy}, {@code maintenance_mode} and {@code upload_size} keep their value when left out,
 * and a missing {@code daemon_base} is reset to the default, as in Pterodactyl.
 */
final class NodeBody {

  static final String DEFAULT_DAEMON_BASE = "/var/lib/pterodactyl/volumes";
  private static final int DEFAULT_UPLOAD_SIZE = 100;
  /** The columns are VARCHAR(191); Pterodactyl leaves the length to MySQL, which fails with a 500. */
  private static final int MAX_TEXT = 191;
  private static final Pattern NAME = Pattern.compile("^([\\w .-]{1,100})$");
  private static final Pattern DAEMON_BASE = Pattern.compile("^([/][\\d\\w.\\-/]+)$");
  private static final BigDecimal PORT_MAX = BigDecimal.valueOf(65535);

  private NodeBody() {
  }

  /**
   * The node as persistence takes it, or a 422. {@code creating}: optional fields left out get
   * Pterodactyl's defaults; otherwise they are null (unchanged).
   */
  static Future<JsonObject> validated(RoutingContext ctx, JsonObject body, boolean creating, long busTimeoutMs) {
    Long location = InputRules.integer(InputRules.normalised(body.getValue("location_id")));
    Future<Integer> existing = location == null || location < 1 || location > Integer.MAX_VALUE
        ? Future.succeededFuture(null)
        : Bus.request(ctx.vertx().eventBus(), Addresses.DB_LOCATION_FIND,
            new JsonObject().put("id", location.intValue()), busTimeoutMs)
            .map(found -> found == null ? null : location.intValue());
    return existing.compose(locationId -> {
      try {
        return Future.succeededFuture(check(body, creating, locationId));
      } catch (TalonException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** @param locationId the body's location when it exists, else null */
  private static JsonObject check(JsonObject body, boolean creating, Integer locationId) {
    ValidationErrors errors = new ValidationErrors();
    Object name = InputRules.normalised(body.getValue("name"));
    if (name == null) {
      errors.add("name", "required", "The name field is required.");
    } else if (!(name instanceof String || name instanceof Number) || !NAME.matcher(String.valueOf(name)).matches()) {
      errors.add("name", "regex", "The name format is invalid.");
    }
    if (InputRules.normalised(body.getValue("location_id")) == null) {
      errors.add("location_id", "required", "The Location field is required.");
    } else if (locationId == null) {
      errors.add("location_id", "exists", "The selected Location is invalid.");
    }
    Boolean visible = bool(errors, body, "public", "Node Visibility");
    String fqdn = text(errors, body, "fqdn");
    String scheme = text(errors, body, "scheme");
    Boolean behindProxy = bool(errors, body, "behind_proxy", "behind proxy");
    Integer memory = number(errors, body, "memory", "memory", BigDecimal.ONE, null);
    Integer memoryOverallocate = number(errors, body, "memory_overallocate", "memory overallocate",
        BigDecimal.ONE.negate(), null);
    Integer disk = number(errors, body, "disk", "disk", BigDecimal.ONE, null);
    Integer diskOverallocate = number(errors, body, "disk_overallocate", "disk overallocate", BigDecimal.ONE.negate(), null);
    String daemonBase = daemonBase(errors, body);
    Integer daemonSftp = number(errors, body, "daemon_sftp", "daemon sftp", BigDecimal.ONE, PORT_MAX);
    Integer daemonListen = number(errors, body, "daemon_listen", "daemon listen", BigDecimal.ONE, PORT_MAX);
    Boolean maintenance = bool(errors, body, "maintenance_mode", "maintenance mode");
    Integer uploadSize = uploadSize(errors, body);
    errors.throwIfAny();
    return new JsonObject()
        .put("name", String.valueOf(name))
        .put("location_id", locationId)
        .put("fqdn", fqdn)
        .put("scheme", scheme)
        .put("public", visible == null && creating ? Boolean.TRUE : visible)
        .put("behind_proxy", behindProxy == null && creating ? Boolean.FALSE : behindProxy)
        .put("maintenance_mode", maintenance == null && creating ? Boolean.FALSE : maintenance)
        .put("memory", memory)
        .put("memory_overallocate", memoryOverallocate)
        .put("disk", disk)
        .put("disk_overallocate", diskOverallocate)
        .put("upload_size", uploadSize == null && creating ? Integer.valueOf(DEFAULT_UPLOAD_SIZE) : uploadSize)
        .put("daemon_listen", daemonListen)
        .put("daemon_sftp", daemonSftp)
        .put("daemon_base", daemonBase == null ? DEFAULT_DAEMON_BASE : daemonBase);
  }

  /** {@code boolean}: null when left out; sent, even as null, it must be one. */
  private static Boolean bool(ValidationErrors errors, JsonObject body, String field, String label) {
    if (!body.containsKey(field)) {
      return null;
    }
    Boolean value = InputRules.bool(InputRules.normalised(body.getValue(field)));
    if (value == null) {
      errors.add(field, "boolean", "The " + label + " field must be true or false.");
    }
    return value;
  }

  /** {@code required|string}, within the column's length. */
  private static String text(ValidationErrors errors, JsonObject body, String field) {
    Object value = InputRules.normalised(body.getValue(field));
    if (value == null) {
      errors.add(field, "required", "The " + field + " field is required.");
      return null;
    }
    if (!(value instanceof String text)) {
      errors.add(field, "string", "The " + field + " must be a string.");
      return null;
    }
    if (text.length() > MAX_TEXT) {
      errors.add(field, "max", "The " + field + " may not be greater than " + MAX_TEXT + " characters.");
    }
    return text;
  }

  /**
   * {@code required|numeric|min:<min>} or, with {@code max}, {@code required|numeric|between:<min>,<max>};
   * stored in an integer column, so a fraction is rounded as MySQL rounds it, and a value past the column's
   * range is refused rather than failing in the database.
   */
  private static Integer number(ValidationErrors errors, JsonObject body, String field, String label, BigDecimal min,
      BigDecimal max) {
    Object value = InputRules.normalised(body.getValue(field));
    if (value == null) {
      errors.add(field, "required", "The " + label + " field is required.");
      return null;
    }
    BigDecimal number = InputRules.numeric(value);
    if (number == null) {
      errors.add(field, "numeric", "The " + label + " must be a number.");
      return null;
    }
    if (max != null && (number.compareTo(min) < 0 || number.compareTo(max) > 0)) {
      errors.add(field, "between", "The " + label + " must be between " + min + " and " + max + ".");
      return null;
    }
    if (number.compareTo(min) < 0) {
      errors.add(field, "min", "The " + label + " must be at least " + min + ".");
      return null;
    }
    // at least min (-1 or more): out of the int range means too large
    Integer rounded = InputRules.roundedInt(number);
    if (rounded == null) {
      errors.add(field, "max", "The " + label + " may not be greater than " + Integer.MAX_VALUE + ".");
    }
    return rounded;
  }

  /** {@code sometimes|required|regex}: left out means the default; sent, it must be a path. */
  private static String daemonBase(ValidationErrors errors, JsonObject body) {
    if (!body.containsKey("daemon_base")) {
      return null;
    }
    Object value = InputRules.normalised(body.getValue("daemon_base"));
    if (value == null) {
      errors.add("daemon_base", "required", "The Daemon Base Path field is required.");
      return null;
    }
    String path = String.valueOf(value);
    if (!(value instanceof String) || !DAEMON_BASE.matcher(path).matches()) {
      errors.add("daemon_base", "regex", "The Daemon Base Path format is invalid.");
      return null;
    }
    if (path.length() > MAX_TEXT) {
      errors.add("daemon_base", "max", "The Daemon Base Path may not be greater than " + MAX_TEXT + " characters.");
      return null;
    }
    return path;
  }

  /** {@code int|between:1,1024}: null when left out. */
  private static Integer uploadSize(ValidationErrors errors, JsonObject body) {
    if (!body.containsKey("upload_size")) {
      return null;
    }
    Long size = InputRules.integer(InputRules.normalised(body.getValue("upload_size")));
    if (size == null) {
      errors.add("upload_size", "integer", "The File Upload Size Limit must be an integer.");
      return null;
    }
    if (size < 1 || size > 1024) {
      errors.add("upload_size", "between", "The File Upload Size Limit must be between 1 and 1024.");
      return null;
    }
    return size.intValue();
  }
}
