package io.wrenmq.broker.auth;

import io.wrenmq.codec.MqttVersion;

/**
 * What an {@link Authenticator} is asked about: who connects (the identity before authentication: client id,
 * username, address, listener, certificate), the password from CONNECT (null when the client sent none) and
 * the protocol version and the local port the client connected to (0 when unknown). The password array is
 * the caller's; authenticators must not modify it.
 */
public record AuthRequest(ClientIdentity identity, byte[] password, MqttVersion version, int serverPort) {
    public String username() {
        return identity.username();
    }

    public boolean hasUsername() {
        return identity.username() != null;
    }
}
