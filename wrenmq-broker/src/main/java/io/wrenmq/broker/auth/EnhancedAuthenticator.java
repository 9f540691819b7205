package io.wrenmq.broker.auth;

/**
 * An MQTT 5 enhanced authentication method (section 4.12): a CONNECT names it in the Authentication Method
 * property, and client and broker exchange AUTH packets until the method decides. One instance serves all
 * clients; {@link #begin} creates the state of one exchange.
 */
public interface EnhancedAuthenticator {
    /** The Authentication Method name, e.g. "SCRAM-SHA-256" (compared exactly, it is a UTF-8 string). */
    String method();

    /** Starts an exchange for the client described by {@code request} (its password is null here). */
    EnhancedAuthExchange begin(AuthRequest request);
}
