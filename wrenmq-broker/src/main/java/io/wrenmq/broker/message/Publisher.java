package io.wrenmq.broker.message;

/**
 * Who published a message, for what looks at it after routing (the rule engine's {@code clientid}, {@code username}
 * and {@code peerhost}). A connection makes one per identity, not one per message. Parts are null when unknown: the
 * broker's own messages have no client, a message restored from the store after a restart keeps only its client id.
 *
 * @param clientId the publisher's client id
 * @param username the username it logged in with
 * @param host     its IP address as text (no port)
 */
public record Publisher(String clientId, String username, String host) {
}
