package dev.talon.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Assertions on Pterodactyl's error envelope, and the exact texts product.md gives for it. */
public final class ApiAssertions {

  public static final String UNAUTHENTICATED = "Unauthenticated.";
  public static final String UNAUTHORIZED = "This action is unauthorized.";
  public static final String NO_API_ACCESS = "This account does not have permission to access the API.";
  public static final String APPLICATION_KEY_ON_CLIENT_API =
      "You are attempting to use an application API key on an endpoint that requires a client API key.";
  public static final String NOT_FOUND = "The requested resource could not be found on the server.";
  public static final String KEY_LIMIT = "You have reached the account limit for number of API keys.";
  public static final String TOO_MANY = "Too Many Attempts.";

  private ApiAssertions() {
  }

  public static String ipDenied(String ip) {
    return "This IP address (" + ip + ") does not have permission to access the API using these credentials.";
  }

  /** A single-entry error envelope with exactly this status, code and detail (detail null: any). */
  public static JsonObject assertError(Http.Response r, int status, String code, String detail) {
    assertEquals(status, r.status(), () -> "status of " + r);
    String type = r.header("content-type");
    assertNotNull(type, () -> "content-type of " + r);
    assertTrue(type.startsWith("application/json"), () -> "JSON error body: " + type);
    JsonArray errors = r.json().getJsonArray("errors");
    assertNotNull(errors, () -> "errors array in " + r);
    assertEquals(1, errors.size(), () -> "one error entry in " + r);
    JsonObject e = errors.getJsonObject(0);
    assertEquals(code, e.getString("code"), () -> "code in " + r);
    assertEquals(String.valueOf(status), e.getString("status"), () -> "status string in " + r);
    if (detail != null) {
      assertEquals(detail, e.getString("detail"), () -> "detail in " + r);
    }
    return e;
  }

  public static void assertUnauthenticated(Http.Response r) {
    assertError(r, 401, "AuthenticationException", UNAUTHENTICATED);
  }

  public static void assertForbidden(Http.Response r, String detail) {
    assertError(r, 403, "AccessDeniedHttpException", detail);
  }

  /** A 422 envelope; answers its entries, each checked for code, status and meta. */
  public static JsonArray assertValidation(Http.Response r) {
    assertEquals(422, r.status(), () -> "status of " + r);
    JsonArray errors = r.json().getJsonArray("errors");
    assertNotNull(errors, () -> "errors array in " + r);
    assertTrue(errors.size() >= 1, () -> "at least one entry in " + r);
    for (int i = 0; i < errors.size(); i++) {
      JsonObject e = errors.getJsonObject(i);
      assertEquals("ValidationException", e.getString("code"), () -> "code in " + r);
      assertEquals("422", e.getString("status"), () -> "status string in " + r);
      assertNotNull(e.getJsonObject("meta"), () -> "meta in every 422 entry of " + r);
      assertNotNull(e.getJsonObject("meta").getString("source_field"), () -> "source_field in " + r);
    }
    return errors;
  }

  /** The one 422 entry on {@code field}; fails when there is none or more than one. */
  public static JsonObject validationEntry(JsonArray errors, String field) {
    JsonObject found = null;
    for (int i = 0; i < errors.size(); i++) {
      JsonObject e = errors.getJsonObject(i);
      if (field.equals(e.getJsonObject("meta").getString("source_field"))) {
        if (found != null) {
          fail("two entries on " + field + ": " + errors.encode());
        }
        found = e;
      }
    }
    if (found == null) {
      fail("no entry on " + field + ": " + errors.encode());
    }
    return found;
  }
}
