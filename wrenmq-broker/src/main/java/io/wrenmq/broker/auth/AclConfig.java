package io.wrenmq.broker.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Authorization (server keys {@code auth.*}): the ACL rules, extra authorizers asked after them, what happens
 * when none decides, what a denial does to the connection, and the per-client decision cache. With no rules
 * and no authorizers nothing is checked (and the publish path costs one field check).
 */
public final class AclConfig {
    /** auth.no_match: the answer when no rule and no authorizer decided. */
    public enum NoMatch { ALLOW, DENY }

    /** auth.deny_action: ignore = refuse the one operation; disconnect = also close the connection. */
    public enum DenyAction { IGNORE, DISCONNECT }

    private AclRules rules;                                  // auth.acl / auth.acl_file (null = no ACL file)
    private Path rulesFile;                                  // where the rules are read from (for reload)
    private final List<Authorizer> authorizers = new ArrayList<>(); // asked in order after the rules (e.g. HTTP acl_req)
    private NoMatch noMatch = NoMatch.ALLOW;                 // auth.no_match (NanoMQ's default)
    private DenyAction denyAction = DenyAction.IGNORE;       // auth.deny_action
    private int cacheMaxSize = 32;                           // auth.cache.max_size (per client and kind of check)
    private Duration cacheTtl = Duration.ofMinutes(1);       // auth.cache.ttl

    public AclRules rules() { return rules; }
    public AclConfig rules(AclRules value) { this.rules = value; return this; }

    public Path rulesFile() { return rulesFile; }
    public AclConfig rulesFile(Path value) { this.rulesFile = value; return this; }

    public List<Authorizer> authorizers() { return List.copyOf(authorizers); }
    /** Appends an authorizer; asked after the rules and the authorizers added before it. */
    public AclConfig addAuthorizer(Authorizer value) { authorizers.add(Objects.requireNonNull(value)); return this; }

    public NoMatch noMatch() { return noMatch; }
    public AclConfig noMatch(NoMatch value) { this.noMatch = Objects.requireNonNull(value); return this; }

    public DenyAction denyAction() { return denyAction; }
    public AclConfig denyAction(DenyAction value) { this.denyAction = Objects.requireNonNull(value); return this; }

    public int cacheMaxSize() { return cacheMaxSize; }
    public AclConfig cacheMaxSize(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("cacheMaxSize must be 1..65535: " + value);
        }
        this.cacheMaxSize = value;
        return this;
    }

    public Duration cacheTtl() { return cacheTtl; }
    public AclConfig cacheTtl(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative: " + value);
        }
        this.cacheTtl = value;
        return this;
    }
}
