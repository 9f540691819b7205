package io.wrenmq.broker.auth;

import java.net.InetAddress;

/**
 * Who a client is, as authentication settled it at CONNECT: what ACL rules and HTTP placeholders look at.
 * Immutable; a session keeps the identity of its last connection so that messages delivered while it is
 * offline are checked against the same rules.
 *
 * @param clientId        the client identifier in use (assigned or taken from the certificate when so configured)
 * @param username        the username after authentication (may come from the certificate); null when none
 * @param address         the client's IP address; null when unknown (a restored session that never reconnected)
 * @param listener        the id of the listener the client came in on ("tcp:default", "ssl:lan"; "" when unknown)
 * @param certCommonName  CN of the verified client certificate; null without one
 * @param certSubject     the certificate's subject DN (RFC 2253); null without one
 * @param superuser       authentication said this client skips the ACL (a superuser)
 */
public record ClientIdentity(String clientId, String username, InetAddress address, String listener,
        String certCommonName, String certSubject, boolean superuser) {

    /** An identity with only a client id: restored sessions and internal publishers. */
    public static ClientIdentity ofClientId(String clientId) {
        return new ClientIdentity(clientId, null, null, "", null, null, false);
    }

    public ClientIdentity withSuperuser(boolean value) {
        return new ClientIdentity(clientId, username, address, listener, certCommonName, certSubject, value);
    }

    public ClientIdentity withUsername(String value) {
        return new ClientIdentity(clientId, value, address, listener, certCommonName, certSubject, superuser);
    }

    public ClientIdentity withClientId(String value) {
        return new ClientIdentity(value, username, address, listener, certCommonName, certSubject, superuser);
    }
}
