package dev.talon.api;

import dev.talon.contracts.ValidationErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The server write bodies of the Application API checked with Pterodactyl's rules (its form requests,
 * in their order; wildcard items last, as Laravel expands them) and turned into persistence requests.
 * What needs the database (that a user, egg or allocation exists, that an external id is free) is
 * checked by persistence, in the transaction that writes; the egg's variables by {@link EggVariableRules}.
 * Ids may come as numbers or numeric strings ({@code "user": "42"}); unknown keys are ignored.
 */
final class ServerRequests {

  private static final String IMAGE = "required|string|max:191|regex:/^~?[\\w\\.\\/\\-:@ ]*$/";
  private static final String THREADS = "nullable|regex:/^[0-9-,]+$/";

  private ServerRequests() {
  }

  /** The body of {@code POST /servers}; {@code environment} is left for {@link EggVariableRules}. */
  static JsonObject creation(JsonObject raw, ValidationErrors errors) {
    JsonObject body = LaravelRules.normalized(raw);
    boolean deploy = truthy(body.getValue("deploy"));
    JsonObject out = new JsonObject();
    rule(errors, body, "external_id", "sometimes|nullable|string|between:1,191");
    out.put("external_id", body.getValue("external_id"));
    rule(errors, body, "name", "required|string|min:1|max:191");
    out.put("name", body.getValue("name"));
    rule(errors, body, "description", "nullable|string");
    out.put("description", body.getValue("description") == null ? "" : body.getValue("description"));
    out.put("owner_id", reference(errors, body, "user", "user", "required|integer"));
    out.put("egg_id", reference(errors, body, "egg", "egg", "required"));
    rule(errors, body, "docker_image", IMAGE);
    out.put("image", body.getValue("docker_image"));
    rule(errors, body, "startup", "required|string");
    out.put("startup", body.getValue("startup"));
    rule(errors, body, "environment", "present|array");
    out.put("environment", body.getValue("environment") instanceof JsonObject env ? env : new JsonObject());
    out.put("skip_scripts", flag(errors, body, "skip_scripts", false));
    out.put("oom_disabled", flag(errors, body, "oom_disabled", true));

    rule(errors, body, "limits", "required|array");
    out.put("memory", whole(errors, body, "limits.memory", "limits.memory", "required|numeric|min:0"));
    out.put("swap", whole(errors, body, "limits.swap", "limits.swap", "required|numeric|min:-1"));
    out.put("disk", whole(errors, body, "limits.disk", "limits.disk", "required|numeric|min:0"));
    out.put("io", whole(errors, body, "limits.io", "limits.io", "required|numeric|between:10,1000"));
    rule(errors, body, "limits.threads", THREADS);
    out.put("threads", LaravelRules.phpString(LaravelRules.get(body, "limits.threads")));
    out.put("cpu", whole(errors, body, "limits.cpu", "limits.cpu", "required|numeric|min:0"));

    rule(errors, body, "feature_limits", "required|array");
    // the create path stores an absent or null feature limit as 0
    out.put("database_limit", orZero(whole(errors, body, "feature_limits.databases", "feature limits.databases",
        "present|nullable|integer|min:0")));
    out.put("allocation_limit", orZero(whole(errors, body, "feature_limits.allocations", "feature limits.allocations",
        "sometimes|nullable|integer|min:0")));
    out.put("backup_limit", orZero(whole(errors, body, "feature_limits.backups", "feature limits.backups",
        "present|nullable|integer|min:0")));

    if (!deploy) {
      out.put("allocation_id", reference(errors, body, "allocation.default", "allocation.default", "required|integer|bail"));
    }
    rule(errors, body, "deploy", "sometimes|required|array");
    rule(errors, body, "deploy.locations", deploy ? "array|present" : "array");
    rule(errors, body, "deploy.dedicated_ip", "required_with:deploy,boolean");
    rule(errors, body, "deploy.port_range", deploy ? "array|present" : "array");
    out.put("start_on_completion", flag(errors, body, "start_on_completion", false));

    JsonArray additional = new JsonArray();
    for (String item : items(body, "allocation.additional")) {
      additional.add(reference(errors, body, item, item, "integer"));
    }
    out.put("additional_allocations", additional);
    if (deploy) {
      JsonArray locations = new JsonArray();
      for (String item : items(body, "deploy.locations")) {
        rule(errors, body, item, "integer|min:1");
        BigInteger id = LaravelRules.integerValue(LaravelRules.get(body, item));
        if (id != null && id.bitLength() < 32) {
          locations.add(id.intValue());
        }
      }
      JsonArray ports = new JsonArray();
      for (String item : items(body, "deploy.port_range")) {
        rule(errors, body, item, "string");
        ports.add(LaravelRules.get(body, item));
      }
      out.put("deploy", new JsonObject().put("locations", locations).put("port_range", ports)
          .put("dedicated_ip", truthy(LaravelRules.get(body, "deploy.dedicated_ip"))));
    }
    return out;
  }

  /** The body of {@code PATCH /servers/{id}/details}: a full replace. */
  static JsonObject details(JsonObject raw, ValidationErrors errors) {
    JsonObject body = LaravelRules.normalized(raw);
    JsonObject out = new JsonObject();
    rule(errors, body, "external_id", "sometimes|nullable|string|between:1,191");
    out.put("external_id", body.getValue("external_id"));
    LaravelRules.check(errors, body, "name", "Server Name", "required|string|min:1|max:191");
    out.put("name", body.getValue("name"));
    out.put("owner_id", reference(errors, body, "user", "User ID", "required|integer"));
    rule(errors, body, "description", "nullable|string");
    out.put("description", body.getValue("description") == null ? "" : body.getValue("description"));
    return out;
  }

  /**
   * The body of {@code PATCH /servers/{id}/build}. Limits may come inside {@code limits} or, as in
   * Pterodactyl's older API, at the top level ({@code limits} wins); only those sent are changed.
   */
  static JsonObject build(JsonObject raw, ValidationErrors errors) {
    JsonObject body = LaravelRules.normalized(raw);
    JsonObject out = new JsonObject();
    out.put("allocation_id", reference(errors, body, "allocation", "allocation", "required|bail"));
    if (body.containsKey("oom_disabled")) {
      out.put("oom_disabled", flag(errors, body, "oom_disabled", true));
    }
    rule(errors, body, "limits", "sometimes|array");
    JsonObject limits = new JsonObject();
    JsonObject legacy = new JsonObject();
    buildLimits(errors, body, "limits.", "sometimes|required_with:limits|", limits);
    buildLimits(errors, body, "", "sometimes|required_without:limits|", legacy);
    rule(errors, body, "add_allocations", "bail|array");
    rule(errors, body, "remove_allocations", "bail|array");
    rule(errors, body, "feature_limits", "required|array");
    out.put("database_limit", whole(errors, body, "feature_limits.databases", "Database Limit",
        "present|nullable|integer|min:0"));
    out.put("allocation_limit", whole(errors, body, "feature_limits.allocations", "Allocation Limit",
        "sometimes|nullable|integer|min:0"));
    // backups: null is stored as 0 (the build path keeps null only for databases and allocations)
    out.put("backup_limit", orZero(whole(errors, body, "feature_limits.backups", "Backup Limit",
        "present|nullable|integer|min:0")));
    out.put("add_allocations", ids(errors, body, "add_allocations", "allocation to add"));
    out.put("remove_allocations", ids(errors, body, "remove_allocations", "allocation to remove"));
    JsonObject changed = legacy;
    if (body.getValue("limits") instanceof JsonObject given && !given.isEmpty()) {
      changed.mergeIn(limits);
    }
    out.put("limits", changed);
    return out;
  }

  /** The limits of a build body under {@code prefix} ("limits." or the older top level), those sent only. */
  private static void buildLimits(ValidationErrors errors, JsonObject body, String prefix, String presence,
      JsonObject out) {
    String[][] numeric = {{"memory", "numeric|min:0"}, {"swap", "numeric|min:-1"}, {"io", "numeric|between:10,1000"},
        {"cpu", "numeric|min:0"}};
    for (String[] field : numeric) {
      buildLimit(errors, body, prefix + field[0], presence + field[1], out);
    }
    rule(errors, body, prefix + "threads", THREADS);
    if (LaravelRules.has(body, prefix + "threads")) {
      out.put("threads", LaravelRules.phpString(LaravelRules.get(body, prefix + "threads")));
    }
    buildLimit(errors, body, prefix + "disk", presence + "numeric|min:0", out);
  }

  private static void buildLimit(ValidationErrors errors, JsonObject body, String path, String rules, JsonObject out) {
    Integer value = whole(errors, body, path, path, rules);
    if (LaravelRules.has(body, path)) {
      out.put(path.substring(path.lastIndexOf('.') + 1), value);
    }
  }

  /** The body of {@code PATCH /servers/{id}/startup}; {@code environment} is left for {@link EggVariableRules}. */
  static JsonObject startup(JsonObject raw, ValidationErrors errors) {
    JsonObject body = LaravelRules.normalized(raw);
    JsonObject out = new JsonObject();
    rule(errors, body, "startup", "required|string");
    out.put("startup", body.getValue("startup"));
    rule(errors, body, "environment", "present|array");
    out.put("environment", body.getValue("environment") instanceof JsonObject env ? env : new JsonObject());
    out.put("egg_id", reference(errors, body, "egg", "egg", "required"));
    rule(errors, body, "image", IMAGE);
    out.put("image", body.getValue("image"));
    rule(errors, body, "skip_scripts", "present|boolean");
    out.put("skip_scripts", LaravelRules.booleanValue(body.getValue("skip_scripts")));
    return out;
  }

  private static boolean rule(ValidationErrors errors, JsonObject body, String field, String rules) {
    return LaravelRules.check(errors, body, field, field.replace('_', ' '), rules);
  }

  /**
   * A record named by id: its rules, then Pterodactyl's {@code exists} for what can name no record (an
   * id that is not an integer, unless {@code bail} stopped at the type); the id, or null. Whether the
   * record exists is for persistence to say.
   */
  private static Integer reference(ValidationErrors errors, JsonObject body, String field, String label, String rules) {
    boolean passed = LaravelRules.check(errors, body, field, label, rules);
    Object value = LaravelRules.get(body, field);
    if (!LaravelRules.isFilled(value)) {
      return null;
    }
    BigInteger id = LaravelRules.integerValue(value);
    boolean usable = id != null && id.bitLength() < 32;
    if (!usable && (passed || !rules.contains("bail"))) {
      errors.add(field, "exists", "The selected " + label + " is invalid.");
    }
    return passed && usable ? id.intValue() : null;
  }

  /** A number stored in an integer column: its rules, then a bound so that it fits the column. */
  private static Integer whole(ValidationErrors errors, JsonObject body, String field, String label, String rules) {
    if (!LaravelRules.check(errors, body, field, label, rules)) {
      return null;
    }
    BigDecimal number = LaravelRules.numberValue(LaravelRules.get(body, field));
    if (number == null) {
      return null;
    }
    Integer n = InputRules.roundedInt(number);
    if (n == null && number.signum() > 0) {
      errors.add(field, "max", "The " + label + " may not be greater than " + Integer.MAX_VALUE + ".");
    } else if (n == null) {
      errors.add(field, "min", "The " + label + " must be at least " + Integer.MIN_VALUE + ".");
    }
    return n;
  }

  private static Integer orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static boolean flag(ValidationErrors errors, JsonObject body, String field, boolean absent) {
    rule(errors, body, field, "sometimes|boolean");
    return body.containsKey(field) ? LaravelRules.booleanValue(body.getValue(field)) : absent;
  }

  /** A list of ids ({@code add_allocations}): each item must be an integer. */
  private static JsonArray ids(ValidationErrors errors, JsonObject body, String field, String itemLabel) {
    JsonArray out = new JsonArray();
    for (String item : items(body, field)) {
      if (LaravelRules.check(errors, body, item, itemLabel, "integer")) {
        BigInteger id = LaravelRules.integerValue(LaravelRules.get(body, item));
        if (id != null && id.bitLength() < 32) {
          out.add(id.intValue());
        }
      }
    }
    return out;
  }

  /** The paths of a list's items ({@code field.0}, {@code field.1}...), as Laravel expands {@code field.*}. */
  private static List<String> items(JsonObject body, String field) {
    List<String> out = new ArrayList<>();
    Object list = LaravelRules.get(body, field);
    if (list instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(field + "." + i);
      }
    } else if (list instanceof JsonObject o) {
      o.fieldNames().forEach(key -> out.add(field + "." + key));
    }
    return out;
  }

  /** PHP truthiness, as Pterodactyl tests {@code $input->deploy} and {@code dedicated_ip}. */
  private static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof String s) {
      return !s.isEmpty() && !s.equals("0");
    }
    return LaravelRules.isFilled(value);
  }
}
