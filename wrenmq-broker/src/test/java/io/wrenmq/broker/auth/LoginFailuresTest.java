package io.wrenmq.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginFailuresTest {
    private final AtomicLong now = new AtomicLong();
    private final LoginFailures failures = new LoginFailures(3, Duration.ofSeconds(60), Duration.ofSeconds(4), now::get);

    private static ClientIdentity who(String id, String ip) throws Exception {
        return new ClientIdentity(id, "u", InetAddress.getByName(ip), "default", null, null, false);
    }

    @Test
    void refusalsAreDelayedAfterMaxFailuresDoublingUpToMaxDelay() throws Exception {
        ClientIdentity a = who("a", "127.0.0.1");
        assertThat(List.of(failures.recordFailure(a), failures.recordFailure(a), failures.recordFailure(a))).containsOnly(0L);
        assertThat(failures.recordFailure(a)).isEqualTo(500);
        assertThat(failures.recordFailure(a)).isEqualTo(1000);
        assertThat(failures.recordFailure(a)).isEqualTo(2000);
        assertThat(failures.recordFailure(a)).isEqualTo(4000);
        assertThat(failures.recordFailure(a)).isEqualTo(4000);
    }

    @Test
    void theAddressCountsAcrossClientIdsAndTheWindowForgets() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.recordFailure(who("id-" + i, "127.0.0.2"))).isZero();
        }
        assertThat(failures.recordFailure(who("id-new", "127.0.0.2"))).isEqualTo(500); // same address
        assertThat(failures.recordFailure(who("other", "127.0.0.3"))).isZero();
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(failures.recordFailure(who("id-new", "127.0.0.2"))).isZero();
    }

    @Test
    void successForgetsTheClientIdAndListenersHearEveryFailure() throws Exception {
        List<String> heard = new ArrayList<>();
        failures.addListener((w, byId, byAddress) -> heard.add(w.clientId() + ":" + byId + ":" + byAddress));
        ClientIdentity a = who("a", "127.0.0.4");
        failures.recordFailure(a);
        failures.recordFailure(a);
        assertThat(failures.failuresOfClientId("a")).isEqualTo(2);
        failures.recordSuccess(a);
        assertThat(failures.failuresOfClientId("a")).isZero();
        failures.recordFailure(a);
        assertThat(heard).containsExactly("a:1:1", "a:2:2", "a:1:3");
    }

    @Test
    void zeroMaxFailuresNeverDelays() throws Exception {
        LoginFailures off = new LoginFailures(0, Duration.ofSeconds(60), Duration.ofSeconds(4), now::get);
        for (int i = 0; i < 20; i++) {
            assertThat(off.recordFailure(who("a", "127.0.0.1"))).isZero();
        }
    }
}
