package io.wrenmq.broker.auth;

import io.wrenmq.broker.net.IpRange;
import java.util.List;

/**
 * Who an ACL rule is about: anyone, a username, a client id, an IP address or CIDR range, or an
 * {@code and}/{@code or} of such conditions. {@code "#"} as a username, client id or address means anyone
 * (NanoMQ), with or without a username.
 */
public sealed interface AclCondition {
    boolean matches(ClientIdentity who);

    /** Everyone: a rule without conditions, or a value of "#". */
    AclCondition ANYONE = new Anyone();

    static AclCondition username(String value) {
        return value.equals("#") ? ANYONE : new Username(value);
    }

    static AclCondition clientId(String value) {
        return value.equals("#") ? ANYONE : new ClientId(value);
    }

    /** "127.0.0.1", "::1", "10.0.0.0/8", "fd00::/8" or "#"; throws IllegalArgumentException for anything else. */
    static AclCondition ipAddress(String value) {
        return value.equals("#") ? ANYONE : new Address(IpRange.parse(value));
    }

    static AclCondition all(List<AclCondition> parts) {
        return new And(List.copyOf(parts));
    }

    static AclCondition any(List<AclCondition> parts) {
        return new Or(List.copyOf(parts));
    }

    record Anyone() implements AclCondition {
        @Override
        public boolean matches(ClientIdentity who) {
            return true;
        }

        @Override
        public String toString() {
            return "anyone";
        }
    }

    record Username(String value) implements AclCondition {
        @Override
        public boolean matches(ClientIdentity who) {
            return value.equals(who.username()); // no username never matches a named user
        }
    }

    record ClientId(String value) implements AclCondition {
        @Override
        public boolean matches(ClientIdentity who) {
            return value.equals(who.clientId());
        }
    }

    record And(List<AclCondition> parts) implements AclCondition {
        @Override
        public boolean matches(ClientIdentity who) {
            for (AclCondition c : parts) {
                if (!c.matches(who)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<AclCondition> parts) implements AclCondition {
        @Override
        public boolean matches(ClientIdentity who) {
            for (AclCondition c : parts) {
                if (c.matches(who)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An address or a CIDR block (parsed by {@link IpRange}: literals only, IPv4-mapped IPv6 counts as IPv4). */
    record Address(IpRange range) implements AclCondition {
        @Override
        public boolean matches(ClientIdentity who) {
            return range.contains(who.address());
        }

        @Override
        public String toString() {
            return "ipaddr " + range;
        }
    }
}
