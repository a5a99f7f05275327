package dev.talon.api;

import dev.talon.contracts.ValidationErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A request's {@code environment} checked against an egg's variables, as Pterodactyl's
 * VariableValidatorService does for an administrator: every variable (hidden or read-only ones too),
 * its own rule string applied to {@code environment.<ENV_VARIABLE>}, labelled "{@code <Variable Name>
 * variable}". Keys that name no variable are ignored.
 *
 * <p>Where Talon differs (product.md): a variable missing from the environment takes the variable's
 * default value before its rules are checked, so {@code "environment": {}} works with any egg whose
 * defaults satisfy its rules. A key sent as null (or "") is checked, and stored, as empty.
 */
final class EggVariableRules {

  private EggVariableRules() {
  }

  /**
   * Checks {@code environment} (normalised, see {@link LaravelRules#normalized}) against
   * {@code variables} ({@code [{name, env_variable, default_value, rules}]}), adding failures to
   * {@code errors}; answers the value to store for every variable, ENV_VARIABLE to text.
   */
  static JsonObject resolve(JsonArray variables, JsonObject environment, ValidationErrors errors) {
    JsonObject resolved = new JsonObject();
    for (Object v : variables) {
      JsonObject variable = (JsonObject) v;
      String env = variable.getString("env_variable");
      Object value = environment.containsKey(env) ? environment.getValue(env) : variable.getString("default_value", "");
      resolved.put(env, value);
    }
    JsonObject data = new JsonObject().put("environment", resolved);
    JsonObject stored = new JsonObject();
    for (Object v : variables) {
      JsonObject variable = (JsonObject) v;
      String env = variable.getString("env_variable");
      LaravelRules.check(errors, data, "environment." + env, variable.getString("name") + " variable",
          variable.getString("rules"));
      String text = LaravelRules.phpString(resolved.getValue(env));
      stored.put(env, text == null ? "" : text);
    }
    return stored;
  }
}
