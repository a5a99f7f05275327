package dev.talon.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small blocking HTTP client for tests (they run on the JUnit thread, never an event loop). */
public final class Http {

  private final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Http(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A response: status, headers and body, with the body as JSON when it is JSON. */
  public record Response(int status, HttpResponse<String> raw) {
    public String body() {
      return raw.body();
    }

    public JsonObject json() {
      return new JsonObject(raw.body());
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The first error entry of the envelope. */
    public JsonObject error() {
      return json().getJsonArray("errors").getJsonObject(0);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  public Request request(String method, String path) {
    return new Request(method, path);
  }

  public Response get(String path, String key) {
    return request("GET", path).key(key).send();
  }

  public Response post(String path, String key, JsonObject body) {
    return request("POST", path).key(key).json(body).send();
  }

  public Response delete(String path, String key) {
    return request("DELETE", path).key(key).send();
  }

  /** One request being built. */
  /** The value of a Set-Cookie header (a session token), or null when it is cleared. */
  private static String cookieValue(String setCookie) {
    int eq = setCookie.indexOf('=');
    int end = setCookie.indexOf(';');
    String value = eq < 0 ? "" : setCookie.substring(eq + 1, end < 0 ? setCookie.length() : end).strip();
    return value.length() >= 16 ? value : null;
  }

  public final class Request {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    Request(String method, String path) {
      this.method = method;
      this.path = path;
      headers.put("Accept", "application/json");
    }

    public Request key(String key) {
      if (key != null) {
        headers.put("Authorization", "Bearer " + key);
      }
      return this;
    }

    public Request header(String name, String value) {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.put(name, value);
      }
      return this;
    }

    public Request json(JsonObject json) {
      return body(json == null ? null : json.encode(), "application/json");
    }

    public Request body(String text, String contentType) {
      this.body = text;
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      return this;
    }

    public Response send() {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(builder::header);
      try {
        HttpResponse<String> raw = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        LogCapture.rememberSecretsIn(raw.body());
        raw.headers().allValues("Set-Cookie").forEach(c -> LogCapture.rememberSecret(cookieValue(c)));
        return new Response(raw.statusCode(), raw);
      } catch (IOException e) {
        throw new IllegalStateException(method + " " + path + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
