package dev.talon.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Collects failed validation rules in Pterodactyl's order, one entry per field and rule. */
public final class ValidationErrors {

  private final JsonArray entries = new JsonArray();

  public static JsonObject entry(String field, String rule, String detail) {
    return new JsonObject().put("field", field).put("rule", rule).put("detail", detail);
  }

  public ValidationErrors add(String field, String rule, String detail) {
    entries.add(entry(field, rule, detail));
    return this;
  }

  /**
   * A trimmed string field with Pterodactyl's rules and messages: empty counts as absent (its input
   * normalisation), anything but a string fails the {@code string} rule (a number too, as in
   * Pterodactyl); then required, and 1 to {@code max} characters. Answers the text, or null.
   */
  public String text(JsonObject body, String field, String label, boolean required, int max) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof String)) {
      add(field, "string", "The " + label + " must be a string.");
      return null;
    }
    String text = value == null ? null : ((String) value).strip();
    if (text == null || text.isEmpty()) {
      if (required) {
        add(field, "required", "The " + label + " field is required.");
      }
      return null;
    }
    if (text.length() > max) {
      add(field, "between", "The " + label + " must be between 1 and " + max + " characters.");
    }
    return text;
  }

  /** The collected entries ({@code {"field", "rule", "detail"}}), in order. */
  public JsonArray entries() {
    return entries.copy();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Throws the collected failures as one 422, if there are any. */
  public void throwIfAny() {
    if (!entries.isEmpty()) {
      throw TalonException.validation(entries);
    }
  }
}
