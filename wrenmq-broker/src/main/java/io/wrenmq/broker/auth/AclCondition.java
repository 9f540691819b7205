package io.wrenmq.broker.auth;

import java.net.InetAddress;
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
        return value.equals("#") ? ANYONE : IpRange.parse(value);
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

    /** An address or a CIDR block. An IPv4-mapped IPv6 client address is compared as IPv4. */
    record IpRange(byte[] network, int prefixBits, String text) implements AclCondition {
        static IpRange parse(String text) {
            String addr = text;
            int bits = -1;
            int slash = text.indexOf('/');
            if (slash >= 0) {
                addr = text.substring(0, slash);
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in \"" + text + "\"");
                }
            }
            if (!addr.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                // Only literals: InetAddress.getByName would resolve a host name through DNS.
                throw new IllegalArgumentException("not an IP address or CIDR block: \"" + text + "\"");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(addr).getAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address or CIDR block: \"" + text + "\"");
            }
            int max = bytes.length * 8;
            if (bits < 0) {
                bits = max;
            }
            if (bits > max) {
                throw new IllegalArgumentException("prefix length " + bits + " above " + max + " in \"" + text + "\"");
            }
            return new IpRange(bytes, bits, text);
        }

        @Override
        public boolean matches(ClientIdentity who) {
            InetAddress a = who.address();
            if (a == null) {
                return false;
            }
            byte[] b = a.getAddress();
            if (b.length == 16 && network.length == 4 && isV4Mapped(b)) {
                b = java.util.Arrays.copyOfRange(b, 12, 16);
            }
            if (b.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }

        private static boolean isV4Mapped(byte[] b) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
        }

        @Override
        public String toString() {
            return "ipaddr " + text;
        }
    }
}
