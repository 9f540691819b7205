package io.wrenmq.broker.transport;

/**
 * A listener's TLS files or settings are unusable; the message names the file and the listener. {@code WrenBroker}
 * stops start-up with it (as a {@code BrokerStartException} with the same message).
 */
public final class TlsSetupException extends RuntimeException {
    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
