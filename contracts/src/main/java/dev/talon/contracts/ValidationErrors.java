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
