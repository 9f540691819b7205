package io.wrenmq.broker.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization facade the protocol and delivery code call: superusers pass; otherwise the ACL rules and
 * then the other authorizers are asked in order, and the first ALLOW or DENY wins; if none decides,
 * {@code auth.no_match} does. Decisions are cached per client ({@link AclCache}). {@link #replaceRules} swaps
 * the rules atomically and bumps a generation counter, which makes every cache stale at once: the next
 * delivery to an existing subscription, or of a retained message, is judged by the new rules.
 *
 * <p>An authorizer error (a failed future) counts as DENY: fail closed.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

    private volatile AclRules rules;
    private final List<Authorizer> others;
    private final boolean othersSynchronous;
    private final AclDecision noMatch;
    private final boolean disconnectOnDeny;
    private final int cacheMaxSize;
    private final long cacheTtlNanos;
    /** True when there is anything to check; the hot path reads only this when no ACL is configured. */
    private volatile boolean enabled;
    private volatile int generation;

    public AccessControl(AclConfig config) {
        this(config, List.of());
    }

    /** {@code extra}: authorizers the broker adds after the configured ones (HTTP acl_req). */
    public AccessControl(AclConfig config, List<Authorizer> extra) {
        List<Authorizer> all = new ArrayList<>(config.authorizers());
        all.addAll(extra);
        this.rules = config.rules();
        this.others = List.copyOf(all);
        boolean sync = true;
        for (Authorizer a : others) {
            sync &= a.synchronous();
        }
        this.othersSynchronous = sync;
        this.noMatch = config.noMatch() == AclConfig.NoMatch.ALLOW ? AclDecision.ALLOW : AclDecision.DENY;
        this.disconnectOnDeny = config.denyAction() == AclConfig.DenyAction.DISCONNECT;
        this.cacheMaxSize = config.cacheMaxSize();
        this.cacheTtlNanos = config.cacheTtl().toNanos();
        this.enabled = rules != null || !others.isEmpty();
    }

    /** Whether anything is checked at all. */
    public boolean enabled() {
        return enabled;
    }

    /** auth.deny_action = disconnect: a denied PUBLISH or SUBSCRIBE also closes the connection. */
    public boolean disconnectOnDeny() {
        return disconnectOnDeny;
    }

    /** The rules in force (null when there is no ACL file). */
    public AclRules rules() {
        return rules;
    }

    /**
     * Replaces the ACL rules at run time (reload). Atomic: a check sees either the old or the new rules, never a
     * mix. Every client's cached decisions become stale at once. Null removes the rules.
     */
    public synchronized void replaceRules(AclRules newRules) {
        this.rules = newRules;
        this.enabled = newRules != null || !others.isEmpty();
        generation++; // writers are serialized here; readers only compare
        LOG.info("ACL rules replaced: {}", newRules != null ? newRules : "none");
    }

    /**
     * May {@code session}'s client PUBLISH to {@code topic} or SUBSCRIBE to the filter {@code topic}? Completes
     * with ALLOW or DENY (never NO_MATCH); already completed (without allocation) when only synchronous
     * authorizers answered or the decision was cached.
     */
    public CompletableFuture<AclDecision> check(AclSubject session, AclAction action, String topic) {
        ClientIdentity who = session.identity();
        if (who.superuser()) {
            return AclDecision.ALLOW.future();
        }
        AclCache cache = cacheOf(session, who);
        if (cache != null) {
            AclDecision cached = cache.get(action, false, topic);
            if (cached != null) {
                return cached.future();
            }
        }
        CompletableFuture<AclDecision> f = ask(who, action, topic, rules);
        if (f.isDone() && !f.isCompletedExceptionally()) {
            AclDecision d = f.join();
            if (cache != null) {
                cache.put(action, false, topic, d);
            }
            return d.future();
        }
        return f.handle((d, error) -> {
            if (error != null) {
                LOG.warn("Authorization of {} {} {} failed, denying: {}", who.clientId(), action, topic,
                        error.toString());
                return AclDecision.DENY;
            }
            if (cache != null) {
                cache.put(action, false, topic, d);
            }
            return d;
        });
    }

    /**
     * May a message on the concrete {@code topic} be delivered to {@code subscriber}? Asks the synchronous
     * authorizers only (a message on its way cannot wait for a network round trip) with action SUBSCRIBE.
     * Called on the publisher's event loop for every target: cached, and allocation-free on a cache hit.
     */
    public boolean allowDelivery(AclSubject subscriber, String topic) {
        ClientIdentity who = subscriber.identity();
        if (who.superuser()) {
            return true;
        }
        AclCache cache = cacheOf(subscriber, who);
        if (cache != null) {
            AclDecision cached = cache.get(AclAction.SUBSCRIBE, true, topic);
            if (cached != null) {
                return cached == AclDecision.ALLOW;
            }
        }
        AclDecision d = decideSynchronously(who, topic);
        if (cache != null) {
            cache.put(AclAction.SUBSCRIBE, true, topic, d);
        }
        if (d == AclDecision.DENY) {
            LOG.debug("Not delivering {} to {}: denied by the ACL", topic, who.clientId());
        }
        return d == AclDecision.ALLOW;
    }

    private AclDecision decideSynchronously(ClientIdentity who, String topic) {
        AclRules r = rules;
        if (r != null) {
            AclDecision d = r.decide(who, AclAction.SUBSCRIBE, topic);
            if (d != AclDecision.NO_MATCH) {
                return d;
            }
        }
        for (Authorizer a : others) {
            if (!a.synchronous()) {
                continue;
            }
            CompletableFuture<AclDecision> f = a.check(who, AclAction.SUBSCRIBE, topic);
            if (!f.isDone() || f.isCompletedExceptionally()) {
                return AclDecision.DENY; // it promised to be synchronous: fail closed
            }
            AclDecision d = f.join();
            if (d != AclDecision.NO_MATCH) {
                return d;
            }
        }
        return noMatch;
    }

    /** Asks the rules, then the other authorizers; NO_MATCH from all becomes auth.no_match. */
    private CompletableFuture<AclDecision> ask(ClientIdentity who, AclAction action, String topic, AclRules r) {
        if (r != null) {
            AclDecision d = r.decide(who, action, topic);
            if (d != AclDecision.NO_MATCH) {
                return d.future();
            }
        }
        return askOthers(who, action, topic, 0);
    }

    private CompletableFuture<AclDecision> askOthers(ClientIdentity who, AclAction action, String topic, int from) {
        for (int i = from; i < others.size(); i++) {
            CompletableFuture<AclDecision> f;
            try {
                f = Objects.requireNonNull(others.get(i).check(who, action, topic), "authorizer returned null");
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (!f.isDone() || f.isCompletedExceptionally()) {
                int next = i + 1;
                return f.thenCompose(d -> d != AclDecision.NO_MATCH ? d.future() : askOthers(who, action, topic, next));
            }
            AclDecision d = f.join();
            if (d != AclDecision.NO_MATCH) {
                return d.future();
            }
        }
        return noMatch.future();
    }

    private AclCache cacheOf(AclSubject session, ClientIdentity who) {
        if (cacheTtlNanos <= 0) {
            return null;
        }
        AclCache c = session.aclCache();
        int gen = generation;
        if (c == null || c.identity != who || c.generation != gen) {
            c = new AclCache(who, gen, cacheMaxSize, cacheTtlNanos);
            session.aclCache(c); // a racing thread may install its own: both are valid for this identity
        }
        return c;
    }

    /** Whether every authorizer answers at once (then a PUBLISH never has to wait). */
    public boolean synchronous() {
        return othersSynchronous;
    }

    /** For logs: what is checked. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (rules != null) {
            parts.add(rules.toString());
        }
        if (!others.isEmpty()) {
            parts.add(others.size() + " more authorizers");
        }
        return parts.isEmpty() ? "no ACL" : String.join(", ", parts);
    }
}
