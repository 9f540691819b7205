package io.wrenmq.broker.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * One IP address or CIDR range ("10.1.0.0/16", "2001:db8::/32", "192.168.1.7"): the one parser for the ban list
 * ({@code limits}), ACL rules with {@code ipaddr} ({@code auth}) and everything that reads them (config, REST).
 * Parsed from literals only: a host name is refused (a ban list or an ACL must never trigger a DNS lookup).
 * IPv4-mapped IPv6 addresses (::ffff:10.1.2.3) count as IPv4, both in a range and in a client's address.
 */
public final class IpRange {
    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private IpRange(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /** Parses "address" or "address/bits"; throws IllegalArgumentException with the reason. */
    public static IpRange parse(String s) {
        String trimmed = s.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: \"" + s + "\"");
        }
        bytes = unmapped(bytes);
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("prefix length must be 0.." + max + " in \"" + s + "\"");
            }
        }
        byte[] masked = mask(bytes, bits);
        String canonical = NetUtil.bytesToIpAddress(masked) + (slash >= 0 ? "/" + bits : "");
        return new IpRange(masked, bits, canonical);
    }

    public boolean isSingleAddress() {
        return prefixBits == network.length * 8;
    }

    public boolean contains(InetAddress address) {
        return address != null && contains(unmapped(address.getAddress()));
    }

    private boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefixBits), network);
    }

    /** The canonical text: the address (masked to the prefix) and "/bits" when a range was given. */
    @Override
    public String toString() {
        return text;
    }

    /** The canonical text of a single client address, as used for exact-address lookups. */
    public static String key(InetAddress address) {
        return NetUtil.bytesToIpAddress(unmapped(address.getAddress()));
    }

    private static byte[] unmapped(byte[] b) {
        if (b.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return b;
                }
            }
            if (b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
                return Arrays.copyOfRange(b, 12, 16);
            }
        }
        return b;
    }

    private static byte[] mask(byte[] b, int bits) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.prefixBits == prefixBits && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }
}
