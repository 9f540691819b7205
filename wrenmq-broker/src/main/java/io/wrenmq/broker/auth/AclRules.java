package io.wrenmq.broker.auth;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An ordered, immutable list of ACL rules: the first rule that matches decides [NanoMQ, EMQX]; when none does
 * the answer is {@link AclDecision#NO_MATCH} and {@code auth.no_match} (in {@link AccessControl}) decides.
 * Synchronous: it answers at once.
 */
public final class AclRules implements Authorizer {
    private final List<AclRule> rules;
    private final String source;

    public AclRules(List<AclRule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.source = source;
    }

    public List<AclRule> rules() {
        return rules;
    }

    /** The file the rules came from (for logs and reload); "" when built in code. */
    public String source() {
        return source;
    }

    public AclDecision decide(ClientIdentity who, AclAction action, String topic) {
        for (int i = 0; i < rules.size(); i++) {
            AclRule r = rules.get(i);
            if (r.matches(who, action, topic)) {
                return r.allow() ? AclDecision.ALLOW : AclDecision.DENY;
            }
        }
        return AclDecision.NO_MATCH;
    }

    @Override
    public CompletableFuture<AclDecision> check(ClientIdentity who, AclAction action, String topic) {
        return decide(who, action, topic).future();
    }

    @Override
    public String toString() {
        return rules.size() + " ACL rules" + (source.isEmpty() ? "" : " from " + source);
    }
}
