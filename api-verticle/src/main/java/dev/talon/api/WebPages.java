package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web pages: plain HTML, CSS and scripts from the classpath ({@code webroot/}), no build step.
 * Each page checks the session before it is sent: without one it sends the browser to sign in, and
 * the admin page answers 404 to anyone but a root admin, as if it did not exist. The pages then call
 * the JSON API with the session cookie.
 */
final class WebPages {

  private static final String ROOT = "webroot/";
  /** Scripts and styles only from Talon itself, nothing inline, no framing by other sites. */
  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private WebPages() {
  }

  static void mount(Router router, SessionCookie sessions) {
    router.get("/").handler(ctx -> redirect(ctx, "/account/api"));
    router.get("/favicon.ico").handler(ctx -> redirect(ctx, "/assets/logo.svg"));
    router.get("/auth/login").handler(ctx -> sessions.verify(ctx).onComplete(ar -> {
      if (ar.succeeded()) {
        redirect(ctx, "/account/api");
      } else {
        send(ctx, 200, "login.html");
      }
    }));
    router.get("/account/api").handler(page(sessions, "account-api.html", false));
    router.get("/admin/api").handler(page(sessions, "admin-api.html", true));
    router.get("/assets/*").handler(ctx -> {
      secure(ctx.response()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      ctx.next();
    }).handler(StaticHandler.create(ROOT + "assets").setCachingEnabled(false).setDirectoryListing(false));
  }

  private static Handler<RoutingContext> page(SessionCookie sessions, String file, boolean adminOnly) {
    return ctx -> sessions.verify(ctx).onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof TalonException te && te.failure() == Failure.UNAUTHENTICATED) {
          redirect(ctx, "/auth/login");
        } else {
          ErrorRenderer.fail(ctx, ar.cause());
        }
        return;
      }
      JsonObject user = ar.result().getJsonObject("user");
      if (adminOnly && !user.getBoolean("root_admin", false)) {
        send(ctx, 404, "not-found.html");
      } else {
        send(ctx, 200, file);
      }
    });
  }

  private static void send(RoutingContext ctx, int status, String file) {
    secure(ctx.response()).setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .sendFile(ROOT + file);
  }

  private static void redirect(RoutingContext ctx, String location) {
    secure(ctx.response()).setStatusCode(302).putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
  }

  private static HttpServerResponse secure(HttpServerResponse response) {
    return response.putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("X-Frame-Options", "DENY");
  }
}
