package io.wrenmq.broker.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BanListTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // literals only: no DNS lookup
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
