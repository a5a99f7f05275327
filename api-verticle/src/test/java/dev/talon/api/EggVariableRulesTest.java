package dev.talon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.contracts.TalonException;
import dev.talon.contracts.ValidationErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Egg variable rule strings applied to an environment: Laravel's semantics, Pterodactyl's messages. */
class EggVariableRulesTest {

  private static final String FIELD = "environment.SERVER_JARFILE";
  private static final String LABEL = "The Server Jar File variable";

  private static JsonObject variable(String rules, String defaultValue) {
    return new JsonObject().put("id", 1).put("name", "Server Jar File").put("env_variable", "SERVER_JARFILE")
        .put("default_value", defaultValue).put("rules", rules);
  }

  /** The 422 entries for one variable with {@code rules} given {@code value} (a value of null: sent as null). */
  private static JsonArray errors(String rules, Object value) {
    ValidationErrors errors = new ValidationErrors();
    EggVariableRules.resolve(new JsonArray().add(variable(rules, "default.jar")),
        new JsonObject().put("SERVER_JARFILE", value), errors);
    return entries(errors);
  }

  private static JsonArray entries(ValidationErrors errors) {
    try {
      errors.throwIfAny();
      return new JsonArray();
    } catch (TalonException e) {
      return e.errors();
    }
  }

  /** Asserts exactly these failures, each {@code "rule: detail"}, all on the variable's field. */
  private static void assertFails(String rules, Object value, String... expected) {
    JsonArray found = errors(rules, value);
    List<String> actual = new ArrayList<>();
    for (Object o : found) {
      JsonObject e = (JsonObject) o;
      assertEquals(FIELD, e.getString("field"), found::encode);
      actual.add(e.getString("rule") + ": " + e.getString("detail"));
    }
    assertEquals(Arrays.asList(expected), actual, () -> rules + " on " + value);
  }

  private static void assertPasses(String rules, Object value) {
    assertFails(rules, value);
  }

  @Test
  void missingVariablesTakeTheirDefaultBeforeTheRules() {
    ValidationErrors errors = new ValidationErrors();
    JsonArray variables = new JsonArray()
        .add(variable("required|string|max:20", "server.jar"))
        .add(new JsonObject().put("id", 2).put("name", "Version").put("env_variable", "VERSION")
            .put("default_value", "").put("rules", "required|string|max:20"));
    JsonObject stored = EggVariableRules.resolve(variables, new JsonObject().put("NOT_A_VARIABLE", "x"), errors);
    assertEquals("server.jar", stored.getString("SERVER_JARFILE"));
    JsonArray found = entries(errors);
    assertEquals(1, found.size(), found::encode);
    assertEquals("environment.VERSION", found.getJsonObject(0).getString("field"));
    assertEquals("The Version variable field is required.", found.getJsonObject(0).getString("detail"));
    assertTrue(!stored.containsKey("NOT_A_VARIABLE"), "keys that name no variable are ignored");
  }

  @Test
  void sentValuesAreStoredAsPhpWouldWriteThem() {
    JsonArray variables = new JsonArray().add(variable("nullable", "d"));
    assertEquals("25565", EggVariableRules.resolve(variables, new JsonObject().put("SERVER_JARFILE", 25565),
        new ValidationErrors()).getString("SERVER_JARFILE"));
    assertEquals("1", EggVariableRules.resolve(variables, new JsonObject().put("SERVER_JARFILE", true),
        new ValidationErrors()).getString("SERVER_JARFILE"));
    assertEquals("", EggVariableRules.resolve(variables, new JsonObject().putNull("SERVER_JARFILE"),
        new ValidationErrors()).getString("SERVER_JARFILE"), "a null sent is stored empty, not as the default");
  }

  @Test
  void requiredStopsTheField() {
    assertFails("required|string|max:20", null, "required: " + LABEL + " field is required.");
    assertFails("required|string|max:20", "   ", "required: " + LABEL + " field is required.");
    assertPasses("required|string|max:20", "server.jar");
  }

  @Test
  void stringAndNullable() {
    assertFails("string", 123, "string: " + LABEL + " must be a string.");
    assertFails("string", null, "string: " + LABEL + " must be a string.");
    assertPasses("nullable|string", null);
    assertPasses("string|max:3", "");
  }

  @Test
  void maxMinSizeAndBetweenMeasureCharactersOrNumbers() {
    assertFails("required|string|max:20", "x".repeat(21), "max: " + LABEL + " may not be greater than 20 characters.");
    assertFails("min:3", "ab", "min: " + LABEL + " must be at least 3 characters.");
    assertFails("integer|min:3", 2, "min: " + LABEL + " must be at least 3.");
    assertFails("integer|max:3", "4", "max: " + LABEL + " may not be greater than 3.");
    assertFails("size:4", "abc", "size: " + LABEL + " must be 4 characters.");
    assertPasses("numeric|size:4", "4");
    assertFails("required|numeric|between:1,100", 150, "between: " + LABEL + " must be between 1 and 100.");
    assertFails("required|numeric|between:1,100", "0.5", "between: " + LABEL + " must be between 1 and 100.");
    assertPasses("required|numeric|between:1,100", "50");
    assertFails("between:2,4", "abcde", "between: " + LABEL + " must be between 2 and 4 characters.");
    assertPasses("max:5", 12345);
    assertFails("max:4", 12345, "max: " + LABEL + " may not be greater than 4 characters.");
  }

  @Test
  void numericIntegerAndBoolean() {
    // not a number: the size is the text's length (3), which lies in range, so only "numeric" fails
    assertFails("required|numeric|between:1,100", "abc", "numeric: " + LABEL + " must be a number.");
    assertPasses("numeric", "1e3");
    assertFails("integer", "1.5", "integer: " + LABEL + " must be an integer.");
    assertFails("integer", "007", "integer: " + LABEL + " must be an integer.");
    assertPasses("integer", "42");
    assertPasses("integer", 42.0);
    assertPasses("int", "-3");
    assertFails("boolean", "true", "boolean: " + LABEL + " field must be true or false.");
    assertPasses("boolean", "1");
    assertPasses("boolean", true);
    assertPasses("bool", 0);
  }

  @Test
  void regexAndIn() {
    assertFails("nullable|regex:/^([0-9]+)$/", "12a", "regex: " + LABEL + " format is invalid.");
    assertPasses("nullable|regex:/^([0-9]+)$/", "123");
    assertPasses("nullable|regex:/^([0-9]+)$/", null);
    assertPasses("regex:/^[a-z]+$/i", "ABC");
    assertFails("regex:/^(unclosed$/", "x", "regex: " + LABEL + " format is invalid.");
    assertFails("required|in:a,b", "c", "in: The selected Server Jar File variable is invalid.");
    assertPasses("required|in:a,b", "b");
    assertPasses("in:\"a,b\",c", "a,b");
    assertPasses("in:1,2", "1.0");
  }

  @Test
  void characterClassesUrlAndDigits() {
    assertFails("alpha_dash", "a b", "alpha_dash: " + LABEL + " may only contain letters, numbers, and dashes.");
    assertPasses("alpha_dash", "paper_1-20");
    assertFails("alphaDash", "a.b", "alpha_dash: " + LABEL + " may only contain letters, numbers, and dashes.");
    assertFails("alpha_num", "a-b", "alpha_num: " + LABEL + " may only contain letters and numbers.");
    assertPasses("alpha_num", "Paper120");
    assertFails("url", "not a url", "url: " + LABEL + " format is invalid.");
    assertPasses("url", "https://example.com/downloads/server.jar?v=2");
    assertFails("digits:4", "123", "digits: " + LABEL + " must be 4 digits.");
    assertPasses("digits:4", "1234");
    assertFails("digits_between:2,4", "12345", "digits_between: " + LABEL + " must be between 2 and 4 digits.");
    assertFails("digits_between:2,4", "12a", "digits_between: " + LABEL + " must be between 2 and 4 digits.");
    assertPasses("digits_between:2,4", "123");
  }

  @Test
  void unknownRulesAreIgnoredAndBailStopsAtTheFirstFailure() {
    assertPasses("required|frobnicate:3|string", "x");
    assertPasses("max:many", "a long value");
    assertFails("integer|min:5", "x", "integer: " + LABEL + " must be an integer.",
        "min: " + LABEL + " must be at least 5.");
    assertFails("bail|integer|min:5", "x", "integer: " + LABEL + " must be an integer.");
  }

  @Test
  void emptyStringsOnlyMeetPresenceRules() {
    assertPasses("string|alpha_num|min:3", "");
    assertFails("required|alpha_num", "", "required: " + LABEL + " field is required.");
  }
}
