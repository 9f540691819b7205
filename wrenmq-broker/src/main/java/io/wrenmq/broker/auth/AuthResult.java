package io.wrenmq.broker.auth;

import io.wrenmq.codec.ReasonCode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The answer of one {@link Authenticator}: allow (optionally as a superuser, optionally under another
 * username), deny (with the CONNACK reason) or ignore (no opinion: the next authenticator decides).
 */
public final class AuthResult {
    /** The three kinds of answer. */
    public enum Kind { ALLOW, DENY, IGNORE }

    private static final AuthResult ALLOW = new AuthResult(Kind.ALLOW, false, null, null, null);
    private static final AuthResult IGNORE = new AuthResult(Kind.IGNORE, false, null, null, null);
    private static final CompletableFuture<AuthResult> IGNORE_FUTURE = CompletableFuture.completedFuture(IGNORE);

    private final Kind kind;
    private final boolean superuser;
    private final String username;
    private final ReasonCode reason;
    private final String why;

    private AuthResult(Kind kind, boolean superuser, String username, ReasonCode reason, String why) {
        this.kind = kind;
        this.superuser = superuser;
        this.username = username;
        this.reason = reason;
        this.why = why;
    }

    public static AuthResult allow() {
        return ALLOW;
    }

    /** Allowed; a superuser skips the ACL. */
    public static AuthResult allow(boolean superuser) {
        return superuser ? new AuthResult(Kind.ALLOW, true, null, null, null) : ALLOW;
    }

    /** Allowed under another username (e.g. the one an HTTP service or a certificate says), maybe as superuser. */
    public static AuthResult allowAs(String username, boolean superuser) {
        return new AuthResult(Kind.ALLOW, superuser, Objects.requireNonNull(username, "username"), null, null);
    }

    /** Refused with 0x86 Bad User Name or Password (v3: return code 4). */
    public static AuthResult badCredentials(String why) {
        return deny(ReasonCode.BAD_USER_NAME_OR_PASSWORD, why);
    }

    /** Refused with 0x87 Not authorized (v3: return code 5). */
    public static AuthResult notAuthorized(String why) {
        return deny(ReasonCode.NOT_AUTHORIZED, why);
    }

    /** Refused with any CONNACK error reason (e.g. 0x89 Server busy when a back-end is overloaded). */
    public static AuthResult deny(ReasonCode reason, String why) {
        if (!reason.isError()) {
            throw new IllegalArgumentException("a refusal needs an error reason code: " + reason);
        }
        return new AuthResult(Kind.DENY, false, null, reason, Objects.requireNonNull(why, "why"));
    }

    public static AuthResult ignore() {
        return IGNORE;
    }

    /** A shared completed future of {@link #ignore()} (no allocation on the common path). */
    public static CompletableFuture<AuthResult> ignoreFuture() {
        return IGNORE_FUTURE;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAllow() {
        return kind == Kind.ALLOW;
    }

    public boolean isDeny() {
        return kind == Kind.DENY;
    }

    public boolean superuser() {
        return superuser;
    }

    /** The username override of an allow, or null to keep the client's. */
    public String username() {
        return username;
    }

    /** The CONNACK reason of a deny, null otherwise. */
    public ReasonCode reason() {
        return reason;
    }

    /** Why a deny was given (logged; sent as Reason String to v5 clients that asked for problem information). */
    public String why() {
        return why;
    }

    @Override
    public String toString() {
        return kind == Kind.DENY ? "DENY(" + reason + ": " + why + ")"
                : kind == Kind.ALLOW ? "ALLOW" + (superuser ? "(superuser)" : "") + (username != null ? " as " + username : "")
                : "IGNORE";
    }
}
