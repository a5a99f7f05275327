package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** One error response: status, Pterodactyl code and detail, and for 422 one entry per failed rule. */
record ApiError(int status, String code, String detail, JsonArray validation) {

  static ApiError of(TalonException e) {
    return new ApiError(e.failure().httpStatus(), e.errorCode(), e.detail(),
        e.failure() == Failure.VALIDATION ? e.errors() : null);
  }

  static ApiError of(Failure failure) {
    return of(new TalonException(failure));
  }

  /** {@code {"errors":[{"code","status","detail","meta"?}]}}. */
  JsonObject envelope() {
    String statusText = String.valueOf(status);
    JsonArray entries = new JsonArray();
    if (validation != null && !validation.isEmpty()) {
      for (Object o : validation) {
        JsonObject e = (JsonObject) o;
        entries.add(new JsonObject()
            .put("code", code)
            .put("status", statusText)
            .put("detail", e.getString("detail"))
            .put("meta", new JsonObject()
                .put("source_field", e.getString("field"))
                .put("rule", e.getString("rule", ""))));
      }
    } else {
      entries.add(new JsonObject().put("code", code).put("status", statusText).put("detail", detail));
    }
    return new JsonObject().put("errors", entries);
  }
}
