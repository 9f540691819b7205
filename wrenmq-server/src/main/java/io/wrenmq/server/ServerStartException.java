package io.wrenmq.server;

/**
 * The server could not start: a listener or the REST API port is taken, the PID file cannot be written, the REST
 * API's key file is missing. The message says what and where; what had started is closed again.
 */
public final class ServerStartException extends Exception {
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
