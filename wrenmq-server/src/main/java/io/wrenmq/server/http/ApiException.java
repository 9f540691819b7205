package io.wrenmq.server.http;

/**
 * A request the API refuses: an HTTP status (4xx for the caller's mistakes, 5xx for ours), a result code in
 * NanoMQ's range (101-118) and a message saying what to change. Rendered as {@code {"code": .., "message": ".."}}.
 */
public final class ApiException extends RuntimeException {
    /** NanoMQ's result codes where one fits. */
    public static final int REQ_PARAM_ERROR = 102;
    public static final int WRONG_USERNAME_OR_PASSWORD = 103;
    public static final int NOT_FOUND = 104;
    public static final int REQ_PARAMS_JSON_FORMAT_ILLEGAL = 106;
    public static final int MISSING_KEY_REQUEST_PARAMS = 107;
    public static final int TOKEN_EXPIRED = 116;
    public static final int PARAMS_HOCON_FORMAT_ILLEGAL = 117;
    public static final int WRITE_CONFIG_FAILED = 118;
    /** WrenMQ's own: method not allowed, body too large, too many connections, internal error. */
    public static final int METHOD_NOT_ALLOWED = 119;
    public static final int BODY_TOO_LARGE = 120;
    public static final int TOO_MANY_CONNECTIONS = 121;
    public static final int INTERNAL_ERROR = 122;

    private final int status;
    private final int code;

    public ApiException(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, REQ_PARAM_ERROR, message);
    }

    public static ApiException missing(String param) {
        return new ApiException(400, MISSING_KEY_REQUEST_PARAMS, "missing parameter: " + param);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, NOT_FOUND, message);
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }
}
