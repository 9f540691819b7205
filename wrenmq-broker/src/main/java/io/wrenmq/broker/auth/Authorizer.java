package io.wrenmq.broker.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a client may publish to or subscribe to a topic. Called on the client's event loop, so it
 * must not block: a rule file answers at once with {@code decision.future()}; an HTTP authorizer returns a
 * future completed later (from any thread), and the caller holds that client's input until it completes.
 * For SUBSCRIBE the topic is the filter at subscribe time and a concrete topic at delivery time.
 */
public interface Authorizer {
    CompletableFuture<AclDecision> check(ClientIdentity who, AclAction action, String topic);

    /**
     * Whether {@link #check} always completes at once. Only such authorizers are asked again at delivery time
     * (a message on its way to a subscriber cannot wait for an HTTP round trip).
     */
    default boolean synchronous() {
        return true;
    }
}
