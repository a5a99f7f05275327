package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The web pages' session cookie: HttpOnly (page scripts never see it), SameSite=Strict (no other
 * site's page can make the browser send it), Secure when the browser came over TLS. The session it
 * names is checked by the auth verticle on every request; a request that changes something must
 * also carry the session's CSRF token in {@value #CSRF_HEADER}, which the pages read from
 * {@code GET /auth/session}.
 */
final class SessionCookie {

  static final String NAME = "talon_session";
  static final String CSRF_HEADER = "X-CSRF-Token";

  private final long busTimeoutMs;
  private final ClientAddress clientAddress;

  SessionCookie(long busTimeoutMs, ClientAddress clientAddress) {
    this.busTimeoutMs = busTimeoutMs;
    this.clientAddress = clientAddress;
  }

  /** The session token the browser sent, or null. */
  static String presented(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  /** The auth context of the presented session; fails UNAUTHENTICATED without a live one. */
  Future<JsonObject> verify(RoutingContext ctx) {
    String token = presented(ctx);
    if (token == null) {
      return Future.failedFuture(new TalonException(Failure.UNAUTHENTICATED));
    }
    return Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_SESSION_VERIFY, new JsonObject().put("session", token),
        busTimeoutMs);
  }

  /** Reading needs no token; anything else must carry the session's, compared in constant time. */
  static boolean csrfPasses(RoutingContext ctx, JsonObject context) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return true;
    }
    String sent = ctx.request().getHeader(CSRF_HEADER);
    String expected = context.getString("csrf_token");
    return sent != null && expected != null
        && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  void set(RoutingContext ctx, String token) {
    ctx.response().addCookie(cookie(ctx, token));
  }

  void clear(RoutingContext ctx) {
    ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
  }

  private Cookie cookie(RoutingContext ctx, String value) {
    return Cookie.cookie(NAME, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(clientAddress.isHttps(ctx.request()));
  }
}
