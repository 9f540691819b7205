package io.wrenmq.broker.auth.http;

import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.Authorizer;
import io.wrenmq.broker.auth.ClientIdentity;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code auth.http_auth.acl_req}: asks an HTTP service whether a client may publish ({@code %A} = 2) or
 * subscribe ({@code %A} = 1) to a topic ({@code %t}). 2xx allows (body {@code ignore}: no opinion), 4xx
 * denies, errors follow {@code error_action} (ignore = no opinion, deny = deny). Superusers are allowed
 * without a request. Answers are cached per client, username, action and topic for {@code cache_ttl}.
 * Asynchronous: {@link #synchronous()} is false, so it is not asked at delivery time.
 */
public final class HttpAclAuthorizer implements Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAclAuthorizer.class);
    /** Bound on cached answers; past it the cache starts over (a flood of topics must not grow memory). */
    private static final int MAX_CACHED = 100_000;

    private final HttpAuthConfig config;
    private final HttpCaller caller;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    public HttpAclAuthorizer(HttpAuthConfig config) {
        this(config, System::nanoTime);
    }

    HttpAclAuthorizer(HttpAuthConfig config, LongSupplier clock) {
        this.config = Objects.requireNonNull(config);
        if (config.aclReq() == null) {
            throw new IllegalArgumentException("http_auth.acl_req is not configured");
        }
        this.caller = new HttpCaller(config);
        this.ttlNanos = config.cacheTtl().toNanos();
        this.clock = clock;
    }

    @Override
    public CompletableFuture<AclDecision> check(ClientIdentity who, AclAction action, String topic) {
        if (who.superuser()) {
            return AclDecision.ALLOW.future();
        }
        Key key = ttlNanos > 0 ? new Key(who.clientId(), who.username(), action, topic) : null;
        if (key != null) {
            Cached c = cache.get(key);
            if (c != null && clock.getAsLong() - c.at < ttlNanos) {
                return c.decision.future();
            }
        }
        int access = action == AclAction.SUBSCRIBE ? 1 : 2;
        return caller.call(config.aclReq(), Placeholders.forAcl(who, access, topic)).handle((response, error) -> {
            AclDecision decision = judge(who, action, topic, response, error);
            boolean answered = error == null && response.statusCode() < 500;
            return answered ? remember(key, decision) : decision; // a failure is asked again next time
        });
    }

    @Override
    public boolean synchronous() {
        return false;
    }

    private AclDecision judge(ClientIdentity who, AclAction action, String topic, HttpResponse<String> response,
            Throwable error) {
        if (error == null) {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return "ignore".equalsIgnoreCase(response.body().strip()) ? AclDecision.NO_MATCH : AclDecision.ALLOW;
            }
            if (status >= 400 && status < 500) {
                return AclDecision.DENY;
            }
        }
        String what = error != null ? (error.getCause() != null ? error.getCause() : error).toString()
                : "status " + response.statusCode();
        LOG.warn("HTTP acl_req for client {} ({} {}) failed: {} (error_action {})", who.clientId(), action, topic,
                what, config.errorAction());
        return config.errorAction() == HttpAuthConfig.ErrorAction.DENY ? AclDecision.DENY : AclDecision.NO_MATCH;
    }

    private AclDecision remember(Key key, AclDecision decision) {
        if (key != null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, new Cached(decision, clock.getAsLong()));
        }
        return decision;
    }

    private record Key(String clientId, String username, AclAction action, String topic) {
    }

    private record Cached(AclDecision decision, long at) {
    }
}
