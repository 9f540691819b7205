package io.wrenmq.broker.auth;

import java.util.concurrent.CompletableFuture;

/** The answer of one authorizer: allow, deny, or no opinion (the next authorizer, then auth.no_match, decides). */
public enum AclDecision {
    ALLOW,
    DENY,
    NO_MATCH;

    private final CompletableFuture<AclDecision> completed = CompletableFuture.completedFuture(this);

    /** A shared, already completed future of this decision (no allocation on the fast path). Never complete it. */
    public CompletableFuture<AclDecision> future() {
        return completed;
    }
}
