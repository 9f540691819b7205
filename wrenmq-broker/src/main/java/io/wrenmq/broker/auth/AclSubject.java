package io.wrenmq.broker.auth;

/**
 * Whom an ACL check is about, with a place to keep that client's decision cache: a session (it outlives its
 * connections, so deliveries while offline are judged and cached too).
 */
public interface AclSubject {
    ClientIdentity identity();

    /** The cache {@link AccessControl} left here; null at first. */
    AclCache aclCache();

    void aclCache(AclCache cache);
}
