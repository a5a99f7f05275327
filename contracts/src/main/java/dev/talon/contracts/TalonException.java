package dev.talon.contracts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure with its {@link Failure} code, a detail meant for the client and, for validation
 * failures, one entry per failed rule ({@code {"field", "rule", "detail"}}). It never carries a
 * secret, and it has no stack trace: it is a value, not a bug report.
 */
public final class TalonException extends RuntimeException {

  private final Failure failure;
  private final JsonArray errors;
  /** Pterodactyl's exception name when it differs from the failure's (e.g. HasActiveNodesException). */
  private final String errorCode;
  /** Seconds the client should wait before trying again (its Retry-After), or 0 when it need not. */
  private final long retryAfterSeconds;

  public TalonException(Failure failure, String detail, JsonArray errors) {
    this(failure, detail, errors, null);
  }

  private TalonException(Failure failure, String detail, JsonArray errors, String errorCode) {
    this(failure, detail, errors, errorCode, 0);
  }

  private TalonException(Failure failure, String detail, JsonArray errors, String errorCode, long retryAfterSeconds) {
    super(detail == null ? failure.defaultDetail() : detail, null, false, false);
    this.failure = failure;
    this.errors = errors == null ? new JsonArray() : errors;
    this.errorCode = errorCode;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A refusal that ends after {@code retryAfterSeconds}: rendered with that {@code Retry-After}. */
  public static TalonException retryLater(Failure failure, String detail, long retryAfterSeconds) {
    return new TalonException(failure, detail, null, null, retryAfterSeconds);
  }

  /**
   * A business-rule refusal as Pterodactyl names it: 400 (for {@link Failure#DISPLAY}) or the
   * failure's status, with {@code code} as the error's {@code code}, e.g.
   * {@code named(Failure.DISPLAY, "HasActiveNodesException", "Cannot delete ...")}.
   */
  public static TalonException named(Failure failure, String code, String detail) {
    return new TalonException(failure, detail, null, code);
  }

  /** Pterodactyl's error code: the named one, or the failure's. */
  public String errorCode() {
    return errorCode != null ? errorCode : failure.errorCode();
  }

  public TalonException(Failure failure, String detail) {
    this(failure, detail, null);
  }

  public TalonException(Failure failure) {
    this(failure, null, null);
  }

  public static TalonException validation(JsonArray errors) {
    String first = errors.isEmpty() ? null : errors.getJsonObject(0).getString("detail");
    return new TalonException(Failure.VALIDATION, first, errors);
  }

  public static TalonException invalid(String field, String rule, String detail) {
    return validation(new JsonArray().add(ValidationErrors.entry(field, rule, detail)));
  }

  public Failure failure() {
    return failure;
  }

  public String detail() {
    return getMessage();
  }

  public JsonArray errors() {
    return errors;
  }

  /** Seconds before trying again makes sense, or 0 when the failure does not say. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The body of an event-bus failure: a JSON text, so that it crosses a clustered bus unchanged. */
  public String toWire() {
    JsonObject body = new JsonObject().put("detail", detail());
    if (errorCode != null) {
      body.put("code", errorCode);
    }
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    if (retryAfterSeconds > 0) {
      body.put("retry_after", retryAfterSeconds);
    }
    return body.encode();
  }

  public static TalonException fromWire(int code, String message) {
    Failure failure = Failure.ofCode(code);
    if (message != null && message.startsWith("{")) {
      try {
        JsonObject body = new JsonObject(message);
        return new TalonException(failure, body.getString("detail"), body.getJsonArray("errors"), body.getString("code"),
            body.getLong("retry_after", 0L));
      } catch (RuntimeException notJson) {
        return new TalonException(failure, message);
      }
    }
    return new TalonException(failure, message);
  }
}
