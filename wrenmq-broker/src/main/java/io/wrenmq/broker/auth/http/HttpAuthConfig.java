package io.wrenmq.broker.auth.http;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code auth.http_auth { ... }}: authentication (auth_req), superuser check (super_req) and ACL (acl_req) by
 * an HTTP service. Setters return this for chaining.
 */
public final class HttpAuthConfig {
    /** {@code error_action}: what a failed request (5xx, timeout, refused connection) means. */
    public enum ErrorAction { IGNORE, DENY }

    private boolean enable = false;
    private HttpRequestSpec authReq;
    private HttpRequestSpec superReq;
    private HttpRequestSpec aclReq;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int poolSize = 32;
    private int maxQueued = 10_000;
    private Duration cacheTtl = Duration.ZERO;
    private ErrorAction errorAction = ErrorAction.IGNORE;

    public boolean enable() { return enable; }
    public HttpAuthConfig enable(boolean value) { this.enable = value; return this; }

    public HttpRequestSpec authReq() { return authReq; }
    public HttpAuthConfig authReq(HttpRequestSpec value) { this.authReq = value; return this; }

    public HttpRequestSpec superReq() { return superReq; }
    public HttpAuthConfig superReq(HttpRequestSpec value) { this.superReq = value; return this; }

    public HttpRequestSpec aclReq() { return aclReq; }
    public HttpAuthConfig aclReq(HttpRequestSpec value) { this.aclReq = value; return this; }

    /** Whole request time limit (connect, send, first response byte). */
    public Duration timeout() { return timeout; }
    public HttpAuthConfig timeout(Duration value) { this.timeout = positive(value, "timeout"); return this; }

    public Duration connectTimeout() { return connectTimeout; }
    public HttpAuthConfig connectTimeout(Duration value) { this.connectTimeout = positive(value, "connectTimeout"); return this; }

    /** Requests in flight at once; more wait in a bounded queue ({@link #maxQueued}). */
    public int poolSize() { return poolSize; }
    public HttpAuthConfig poolSize(int value) {
        if (value < 1 || value > 1024) {
            throw new IllegalArgumentException("poolSize must be 1..1024: " + value);
        }
        this.poolSize = value;
        return this;
    }

    /** Requests that may wait for a free slot; beyond that a request fails at once (error_action applies). */
    public int maxQueued() { return maxQueued; }
    public HttpAuthConfig maxQueued(int value) { this.maxQueued = Math.max(0, value); return this; }

    /** How long an acl_req answer is reused for the same client, action and topic; 0 = no cache. */
    public Duration cacheTtl() { return cacheTtl; }
    public HttpAuthConfig cacheTtl(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must be >= 0: " + value);
        }
        this.cacheTtl = value;
        return this;
    }

    public ErrorAction errorAction() { return errorAction; }
    public HttpAuthConfig errorAction(ErrorAction value) { this.errorAction = Objects.requireNonNull(value); return this; }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + d);
        }
        return d;
    }
}
