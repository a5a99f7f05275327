package dev.talon.contracts;

/**
 * Failure codes carried by event-bus replies ({@code message.fail(code, body)}), each with the HTTP
 * status and Pterodactyl error code the API renders it as. The codes are part of the public contract.
 */
public enum Failure {
  UNAUTHENTICATED(1, 401, "AuthenticationException", "Unauthenticated."),
  FORBIDDEN(2, 403, "AccessDeniedHttpException", "This action is unauthorized."),
  NOT_FOUND(3, 404, "NotFoundHttpException", "The requested resource could not be found on the server."),
  VALIDATION(4, 422, "ValidationException", "The given data was invalid."),
  DISPLAY(5, 400, "DisplayException", "The request could not be completed."),
  CONFLICT(6, 409, "ConflictHttpException", "The request conflicts with the current state of the resource."),
  RATE_LIMITED(7, 429, "ThrottleRequestsException", "Too Many Attempts."),
  UNAVAILABLE(8, 503, "ServiceUnavailableHttpException",
      "The service is temporarily unavailable, please try again shortly."),
  BAD_REQUEST(10, 400, "BadRequestHttpException", "The request could not be understood."),
  /** A web-session request that changes something without the session's CSRF token (Laravel's 419). */
  CSRF_MISMATCH(11, 419, "HttpException", "CSRF token mismatch."),
  INTERNAL(9, 500, "InternalServerErrorException",
      "An unexpected error was encountered while processing this request, please try again.");

  private final int code;
  private final int httpStatus;
  private final String errorCode;
  private final String defaultDetail;

  Failure(int code, int httpStatus, String errorCode, String defaultDetail) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.defaultDetail = defaultDetail;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String errorCode() {
    return errorCode;
  }

  public String defaultDetail() {
    return defaultDetail;
  }

  public static Failure ofCode(int code) {
    for (Failure f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    return INTERNAL;
  }
}
