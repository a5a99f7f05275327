package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.netty.handler.codec.http.HttpResponseStatus;
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
 * the JSON API with the session cookie. When a page cannot be served (the database is away: 503), a
 * browser gets a small HTML page saying so rather than the API's JSON.
 */
final class WebPages {

  private static final String ROOT = "webroot/";
  /** Scripts and styles only from Talon itself, nothing inline, no framing by other sites. */
  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  /** Set on a page's requests: their failures are rendered as HTML for a browser. */
  private static final String PAGE = "talon.page";
  /** {@code %1$s} status text, {@code %2$d} status, {@code %3$s} detail, {@code %4$s} the page's path (all escaped). */
  private static final String ERROR_PAGE = """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%1$s · Talon</title>
        <link rel="icon" href="/assets/logo.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/assets/talon.css">
      </head>
      <body>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/account/api"><img src="/assets/logo.svg" alt="" width="30" height="30"><span>Talon</span></a>
        </div>
      </header>
      <main class="container" id="main">
        <section class="card notfound" aria-labelledby="error-title">
          <p class="code" aria-hidden="true">%2$d</p>
          <h1 id="error-title">%1$s</h1>
          <p class="lead">%3$s</p>
          <p><a class="button primary" href="%4$s">Try again</a></p>
        </section>
      </main>
      </body>
      </html>
      """;

  private WebPages() {
  }

  static void mount(Router router, SessionCookie sessions) {
    router.get("/").handler(ctx -> redirect(ctx, "/account/api"));
    router.get("/favicon.ico").handler(ctx -> redirect(ctx, "/assets/logo.svg"));
    router.get("/auth/login").handler(ctx -> {
      ctx.put(PAGE, Boolean.TRUE);
      sessions.verify(ctx).onComplete(ar -> {
        if (ar.succeeded()) {
          redirect(ctx, "/account/api");
        } else if (ar.cause() instanceof TalonException te && te.failure() == Failure.UNAUTHENTICATED) {
          send(ctx, 200, "login.html");
        } else {
          ErrorRenderer.fail(ctx, ar.cause());
        }
      });
    });
    router.get("/account/api").handler(page(sessions, "account-api.html", false));
    router.get("/admin/api").handler(page(sessions, "admin-api.html", true));
    router.get("/assets/*").handler(ctx -> {
      secure(ctx.response()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      ctx.next();
    }).handler(StaticHandler.create(ROOT + "assets").setCachingEnabled(false).setDirectoryListing(false));
  }

  private static Handler<RoutingContext> page(SessionCookie sessions, String file, boolean adminOnly) {
    return ctx -> {
      ctx.put(PAGE, Boolean.TRUE);
      sessions.verify(ctx).onComplete(ar -> {
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
    };
  }

  /** A page's failure, asked for by a browser: answered in HTML (API routes answer JSON whatever). */
  static boolean answersHtml(RoutingContext ctx) {
    return ctx.get(PAGE) != null && ContentNegotiation.acceptsHtml(ctx.request().getHeader(HttpHeaders.ACCEPT));
  }

  static void sendError(RoutingContext ctx, ApiError error) {
    String page = String.format(ERROR_PAGE, escape(HttpResponseStatus.valueOf(error.status()).reasonPhrase()),
        error.status(), escape(error.detail()), escape(ctx.request().path()));
    secure(ctx.response()).setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(page);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
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
