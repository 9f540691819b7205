package io.wrenmq.broker.limits;

import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.net.IpRange;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One entry of the ban list: who (a client id, a username, or an IP address / CIDR range), until when (null =
 * for ever), why, and where it came from ("config", "flapping", "login_failures", "api").
 */
public record BanRule(Kind kind, String value, Instant until, String reason, String source) {
    /** What a rule matches; the names are the config keys ({@code clientid}, {@code username}, {@code ipaddr}). */
    public enum Kind {
        CLIENTID("clientid"), USERNAME("username"), IPADDR("ipaddr");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public BanRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(kind.key() + " must not be empty");
        }
        if (kind == Kind.IPADDR) {
            value = IpRange.parse(value).toString(); // canonical form, so remove() finds it whatever the spelling
        }
        reason = reason == null ? "" : reason;
        source = source == null ? "api" : source;
    }

    public static BanRule clientId(String clientId, Instant until, String reason, String source) {
        return new BanRule(Kind.CLIENTID, clientId, until, reason, source);
    }

    public static BanRule username(String username, Instant until, String reason, String source) {
        return new BanRule(Kind.USERNAME, username, until, reason, source);
    }

    public static BanRule ipAddress(String addressOrCidr, Instant until, String reason, String source) {
        return new BanRule(Kind.IPADDR, addressOrCidr, until, reason, source);
    }

    /** Tells whether a client (client id, username or null, address or null) is one this rule names. */
    @FunctionalInterface
    public interface ClientMatcher {
        boolean matches(String clientId, String username, InetAddress address);
    }

    /** A matcher for this rule, the address range parsed once (a sweep asks it for every connected client). */
    public ClientMatcher matcher() {
        return switch (kind) {
            case CLIENTID -> (clientId, username, address) -> value.equals(clientId);
            case USERNAME -> (clientId, username, address) -> value.equals(username);
            case IPADDR -> {
                IpRange range = IpRange.parse(value);
                yield (clientId, username, address) -> address != null && range.contains(address);
            }
        };
    }

    /**
     * The connected clients this rule names, for the sweep that closes them when the rule is added (the session
     * registry asks it of each attached connection's identity).
     */
    public Predicate<ClientIdentity> names() {
        ClientMatcher named = matcher();
        return who -> named.matches(who.clientId(), who.username(), who.address());
    }

    /** Why a connection this rule closes is closed: its log line and the MQTT 5 client's Reason String. */
    public String closeReason() {
        return "banned by " + kind.key() + " " + value + " (" + source + ", " + (reason.isEmpty() ? "no reason" : reason)
                + ")";
    }

    public boolean isExpired(long nowMillis) {
        return until != null && until.toEpochMilli() <= nowMillis;
    }
}
