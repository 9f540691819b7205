package io.wrenmq.broker.store;

import io.wrenmq.codec.Will;
import java.util.Objects;

/**
 * A persistent session's own row.
 *
 * @param clientId              the client id
 * @param expiryIntervalSeconds the Session Expiry Interval (0xFFFFFFFF = never; a stored session is never 0)
 * @param disconnectedAtMillis  when its last connection closed, 0 while a connection is attached (after a crash
 *                              such a session counts as disconnected at the restart)
 * @param will                  the will still to be published (Will Delay Interval pending), or null
 * @param username              the username of its last connection, or null: after a restart the ACL judges
 *                              deliveries to the session by it until its client reconnects
 */
public record StoredSession(String clientId, long expiryIntervalSeconds, long disconnectedAtMillis, Will will,
        String username) {
    public StoredSession {
        Objects.requireNonNull(clientId, "clientId");
    }

    public StoredSession(String clientId, long expiryIntervalSeconds, long disconnectedAtMillis, Will will) {
        this(clientId, expiryIntervalSeconds, disconnectedAtMillis, will, null);
    }
}
