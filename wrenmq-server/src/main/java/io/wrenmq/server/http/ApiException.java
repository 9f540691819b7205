package io.wrenmq.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
    /** WrenMQ's own: the id a POST names is taken (HTTP 409). */
    public static final int ALREADY_EXISTS = 123;

    private final int status;
    private final int code;
    private final Map<String, Object> details;

    public ApiException(int status, int code, String message) {
        this(status, code, message, Map.of());
    }

    private ApiException(int status, int code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    /** The same error with one more field in its body beside code and message (e.g. a SQL error's line). */
    public ApiException with(String field, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(field, value);
        return new ApiException(status, code, getMessage(), Collections.unmodifiableMap(more));
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

    /** Fields of the error body besides code and message (none for most errors). */
    public Map<String, Object> details() {
        return details;
    }
}
