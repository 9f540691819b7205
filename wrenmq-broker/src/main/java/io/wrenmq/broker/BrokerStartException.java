package io.wrenmq.broker;

/** The broker could not start (a port in use, an address that cannot be bound); the message says which and why. */
public class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
