package io.wrenmq.broker.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BanListTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // literals only: no DNS lookup
    }

    @Test
    void cidrRangesMatchIpv4Ipv6AndMappedAddresses() throws Exception {
        IpRange v4 = IpRange.parse("10.1.0.0/16");
        assertThat(v4.contains(ip("10.1.200.3"))).isTrue();
        assertThat(v4.contains(ip("10.2.0.1"))).isFalse();
        assertThat(v4.contains(ip("::ffff:10.1.0.9"))).as("IPv4-mapped IPv6").isTrue();
        assertThat(IpRange.parse("10.1.2.3/16").toString()).isEqualTo("10.1.0.0/16");
        IpRange v6 = IpRange.parse("2001:db8::/32");
        assertThat(v6.contains(ip("2001:db8:1::7"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
        assertThat(v6.contains(ip("10.1.0.1"))).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains(ip("192.168.1.1"))).isTrue();
        assertThatThrownBy(() -> IpRange.parse("localhost")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/40")).hasMessageContaining("prefix length must be 0..32");
    }

    @Test
    void rulesExpireAndCanBeRemoved() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        BanList bans = new BanList(now::get);
        bans.add(BanRule.clientId("c", Instant.ofEpochMilli(1_000_500), null, "test"));
        bans.add(BanRule.username("u", null, null, "test"));
        bans.add(BanRule.ipAddress("192.168.0.0/24", Instant.ofEpochMilli(1_000_200), null, "test"));
        bans.add(BanRule.ipAddress("::1", null, null, "test"));
        assertThat(bans.matchClient("c", null)).isNotNull();
        assertThat(bans.matchClient("other", "u")).isNotNull();
        assertThat(bans.matchClient("other", "v")).isNull();
        assertThat(bans.matchAddress(ip("192.168.0.77"))).isNotNull();
        assertThat(bans.matchAddress(ip("0:0:0:0:0:0:0:1"))).as("any spelling of ::1").isNotNull();
        now.set(1_000_300);
        assertThat(bans.matchAddress(ip("192.168.0.77"))).as("range expired").isNull();
        assertThat(bans.matchClient("c", null)).isNotNull();
        now.set(1_000_500);
        assertThat(bans.matchClient("c", null)).as("expiry is exclusive").isNull();
        assertThat(bans.list()).extracting(BanRule::value).containsExactly("u", "::1");
        assertThat(bans.remove(BanRule.Kind.IPADDR, "::1")).isTrue();
        assertThat(bans.remove(BanRule.Kind.USERNAME, "u")).isTrue();
        assertThat(bans.remove(BanRule.Kind.USERNAME, "u")).isFalse();
        assertThat(bans.isEmpty()).isTrue();
    }
}
