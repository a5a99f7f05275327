package dev.talon.api;

import dev.talon.contracts.Addresses;
import dev.talon.contracts.Bus;
import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /auth/*}: what the web pages use to sign in and out and to learn who is signed in. The
 * sign-in form posts JSON ({@code Content-Type: application/json}), which no other site's page can
 * send here without a CORS preflight Talon never grants; signing out needs the CSRF token.
 */
final class SignInRoutes {

  private final long busTimeoutMs;
  private final ClientAddress clientAddress;
  private final SessionCookie sessions;
  private final SignInThrottle throttle;

  SignInRoutes(long busTimeoutMs, ClientAddress clientAddress, SessionCookie sessions, SignInThrottle throttle) {
    this.busTimeoutMs = busTimeoutMs;
    this.clientAddress = clientAddress;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  /**
   * {@code GET /auth/session}: {@code {signed_in: true, user, csrf_token, key_limit}}, or
   * {@code {signed_in: false, first_run}} where {@code first_run} says no user exists yet.
   */
  void session(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    sessions.verify(ctx)
        .onSuccess(context -> Responses.json(ctx, 200, signedIn(context)))
        .onFailure(t -> {
          if (!(t instanceof TalonException te) || te.failure() != Failure.UNAUTHENTICATED) {
            ErrorRenderer.fail(ctx, t);
            return;
          }
          if (SessionCookie.presented(ctx) != null) {
            sessions.clear(ctx);
          }
          Bus.request(ctx.vertx().eventBus(), Addresses.DB_USER_EXISTS, new JsonObject(), busTimeoutMs)
              .onSuccess(users -> Responses.json(ctx, 200, new JsonObject().put("signed_in", false)
                  .put("first_run", !users.getBoolean("exists"))))
              .onFailure(e -> ErrorRenderer.fail(ctx, e));
        });
  }

  /**
   * {@code POST /auth/login} {@code {user, password}} (user: username or e-mail): sets the session
   * cookie and answers as {@link #session}. 401 wrong credentials, 422 missing fields, 429 too many
   * failures or too many requests from this address (with {@code Retry-After}).
   */
  void signIn(RoutingContext ctx) {
    String ip = clientAddress.of(ctx.request());
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    long retryAfter = throttle.hit(ip);
    if (retryAfter > 0) {
      ErrorRenderer.fail(ctx, TalonException.retryLater(Failure.RATE_LIMITED,
          "Too many login attempts. Please try again in " + retryAfter + " seconds.", retryAfter));
      return;
    }
    JsonObject body = JsonBody.of(ctx);
    JsonObject request = new JsonObject()
        .put("user", body.getValue("user"))
        .put("password", body.getValue("password"))
        .put("ip", ip)
        .put("replaces", SessionCookie.presented(ctx));
    Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_SESSION_OPEN, request, busTimeoutMs)
        .onSuccess(opened -> {
          sessions.set(ctx, opened.getString("session"));
          Responses.json(ctx, 200, signedIn(opened));
        })
        .onFailure(t -> ErrorRenderer.fail(ctx, t));
  }

  /** {@code POST /auth/logout}: ends the session everywhere (419 without its CSRF token); 204. */
  void signOut(RoutingContext ctx) {
    sessions.verify(ctx).onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof TalonException te && te.failure() == Failure.UNAUTHENTICATED) {
          // already signed out: only the stale cookie is left to drop
          sessions.clear(ctx);
          Responses.noContent(ctx);
        } else {
          ErrorRenderer.fail(ctx, ar.cause());
        }
        return;
      }
      if (!SessionCookie.csrfPasses(ctx, ar.result())) {
        ErrorRenderer.fail(ctx, new TalonException(Failure.CSRF_MISMATCH));
        return;
      }
      Bus.request(ctx.vertx().eventBus(), Addresses.AUTH_SESSION_CLOSE,
              new JsonObject().put("session", SessionCookie.presented(ctx)), busTimeoutMs)
          .onSuccess(closed -> {
            sessions.clear(ctx);
            Responses.noContent(ctx);
          })
          .onFailure(t -> ErrorRenderer.fail(ctx, t));
    });
  }

  /** What the pages need to know: who, the token to send back, and the account's key limit. */
  private static JsonObject signedIn(JsonObject context) {
    JsonObject user = context.getJsonObject("user");
    return new JsonObject()
        .put("signed_in", true)
        .put("user", new JsonObject()
            .put("id", user.getInteger("id"))
            .put("uuid", user.getString("uuid"))
            .put("username", user.getString("username"))
            .put("email", user.getString("email"))
            .put("first_name", user.getString("first_name"))
            .put("last_name", user.getString("last_name"))
            .put("root_admin", user.getBoolean("root_admin", false)))
        .put("csrf_token", context.getString("csrf_token"))
        .put("key_limit", context.getInteger("key_limit"));
  }
}
