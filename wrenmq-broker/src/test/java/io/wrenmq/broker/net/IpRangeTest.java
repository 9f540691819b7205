package io.wrenmq.broker.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one IP address / CIDR parser of bans and ACL rules: IPv4, IPv6, IPv4-mapped, canonical text, bad input. */
class IpRangeTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // literals only: no DNS lookup
    }

    @Test
    void cidrRangesMatchIpv4Ipv6AndMappedAddresses() throws Exception {
        IpRange v4 = IpRange.parse("10.1.0.0/16");
        assertThat(v4.contains(ip("10.1.200.3"))).isTrue();
        assertThat(v4.contains(ip("10.2.0.1"))).isFalse();
        assertThat(v4.contains(ip("::ffff:10.1.0.9"))).as("IPv4-mapped IPv6").isTrue();
        IpRange v6 = IpRange.parse("2001:db8::/32");
        assertThat(v6.contains(ip("2001:db8:1::7"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
        assertThat(v6.contains(ip("10.1.0.1"))).as("an IPv4 client is never in an IPv6 range").isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains(ip("192.168.1.1"))).isTrue();
        assertThat(IpRange.parse("::/0").contains(ip("fe80::1"))).isTrue();
        assertThat(v4.contains(null)).as("unknown address").isFalse();
    }

    @Test
    void prefixesNotOnAByteBoundary() throws Exception {
        IpRange r = IpRange.parse("172.16.0.0/12");
        assertThat(r.contains(ip("172.31.255.255"))).isTrue();
        assertThat(r.contains(ip("172.32.0.0"))).isFalse();
        assertThat(r.contains(ip("172.15.255.255"))).isFalse();
        IpRange v6 = IpRange.parse("fd00::/7");
        assertThat(v6.contains(ip("fc12::1"))).isTrue();
        assertThat(v6.contains(ip("fe00::1"))).isFalse();
    }

    @Test
    void singleAddresses() throws Exception {
        IpRange one = IpRange.parse("192.168.1.7");
        assertThat(one.isSingleAddress()).isTrue();
        assertThat(one.contains(ip("192.168.1.7"))).isTrue();
        assertThat(one.contains(ip("192.168.1.8"))).isFalse();
        assertThat(IpRange.parse("::1").contains(ip("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(IpRange.parse("10.0.0.0/8").isSingleAddress()).isFalse();
        assertThat(IpRange.parse("10.0.0.1/32").isSingleAddress()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "10.1.2.3/16            | 10.1.0.0/16",
        "' 10.1.2.3 '           | 10.1.2.3",
        "::ffff:192.168.1.7     | 192.168.1.7",
        "2001:DB8:0:0::1/32     | 2001:db8::/32",
        "0:0:0:0:0:0:0:1        | ::1",
    })
    void canonicalText(String input, String canonical) {
        IpRange r = IpRange.parse(input);
        assertThat(r).hasToString(canonical);
        assertThat(r).isEqualTo(IpRange.parse(canonical)).hasSameHashCodeAs(IpRange.parse(canonical));
    }

    @Test
    void keyIsTheCanonicalAddress() throws Exception {
        assertThat(IpRange.key(ip("::ffff:10.0.0.1"))).isEqualTo("10.0.0.1");
        assertThat(IpRange.key(ip("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
    }

    @ParameterizedTest(name = "not an address: \"{0}\"")
    @ValueSource(strings = {"", "localhost", "evil.example.com", "10.0.0", "10.1", "10.0.0.256", "1.2.3.4.5",
        "1:2", "::g", "10.0.0.0 /8", "/8"})
    void refusesWhatIsNotALiteral(String input) {
        assertThatThrownBy(() -> IpRange.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address");
    }

    @ParameterizedTest(name = "bad prefix: \"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33  | prefix length must be 0..32",
        "10.0.0.0/-1  | prefix length must be 0..32",
        "10.0.0.0/    | prefix length must be 0..32",
        "10.0.0.0/x   | prefix length must be 0..32",
        "::1/129      | prefix length must be 0..128",
    })
    void refusesBadPrefixLengths(String input, String message) {
        assertThatThrownBy(() -> IpRange.parse(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    /** Random ranges and addresses against a BigInteger reference of "the first bits are equal". */
    @Test
    void randomizedAgainstAReference() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            int size = random.nextBoolean() ? 4 : 16;
            byte[] net = new byte[size];
            random.nextBytes(net);
            byte[] addr = net.clone();
            int flips = random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int bit = random.nextInt(size * 8);
                addr[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            }
            int bits = random.nextInt(size * 8 + 1);
            InetAddress network = InetAddress.getByAddress(net);
            InetAddress address = InetAddress.getByAddress(addr);
            if (network.getAddress().length != size || address.getAddress().length != size) {
                continue; // a random IPv4-mapped IPv6 address: Java hands it back as IPv4
            }
            IpRange range = IpRange.parse(network.getHostAddress() + "/" + bits);
            boolean expected = new BigInteger(1, net).shiftRight(size * 8 - bits)
                    .equals(new BigInteger(1, addr).shiftRight(size * 8 - bits));
            assertThat(range.contains(address)).as("seed %d: %s in %s", seed, address, range).isEqualTo(expected);
        }
    }
}
