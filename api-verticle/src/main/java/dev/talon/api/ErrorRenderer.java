package dev.talon.api;

import dev.talon.contracts.Failure;
import dev.talon.contracts.TalonException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: Pterodactyl's envelope, JSON whatever the Accept
 * header says, except on the web pages' own routes, where a browser (which accepts HTML) gets a small
 * HTML page instead. Unexpected errors are logged here and answered with a generic sentence, never a
 * stack trace. A failure that says when to try again is answered with that {@code Retry-After}.
 */
final class ErrorRenderer implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    ApiError error = describe(ctx);
    if (error.status() == 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    TalonException cause = talonCause(ctx.failure());
    if (cause != null && cause.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(cause.retryAfterSeconds()));
    }
    if (WebPages.answersHtml(ctx)) {
      WebPages.sendError(ctx, error);
    } else {
      render(ctx, error);
    }
  }

  static void render(RoutingContext ctx, ApiError error) {
    ctx.response().setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(error.envelope().encode());
  }

  private static ApiError describe(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    TalonException cause = talonCause(failure);
    if (cause != null) {
      return ApiError.of(cause);
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    String path = ctx.request().path();
    String route = path.startsWith("/") ? path.substring(1) : path;
    switch (status) {
      case 400:
        return ApiError.of(Failure.BAD_REQUEST);
      case 401:
        return ApiError.of(Failure.UNAUTHENTICATED);
      case 403:
        return ApiError.of(Failure.FORBIDDEN);
      case 404:
        return new ApiError(404, "NotFoundHttpException", "The route " + route + " could not be found.", null);
      case 405:
        return new ApiError(405, "MethodNotAllowedHttpException",
            "The " + ctx.request().method().name() + " method is not supported for route " + route + ".", null);
      case 406:
        return new ApiError(406, "NotAcceptableHttpException",
            "This API answers in JSON only: send an Accept header that allows application/json.", null);
      case 413:
        return new ApiError(413, "PostTooLargeException", "The request body is too large.", null);
      case 415:
        return new ApiError(415, "UnsupportedMediaTypeHttpException",
            "The request body must be JSON, sent with Content-Type: application/json.", null);
      case 503:
        return ApiError.of(Failure.UNAVAILABLE);
      default:
        return ApiError.of(Failure.INTERNAL);
    }
  }

  private static TalonException talonCause(Throwable failure) {
    for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof TalonException te) {
        return te;
      }
    }
    return null;
  }

  /** Fails the request with a Talon failure, to be rendered here. */
  static void fail(RoutingContext ctx, Throwable error) {
    if (error instanceof TalonException te) {
      ctx.fail(te.failure().httpStatus(), te);
    } else {
      ctx.fail(error);
    }
  }
}
