package io.wrenmq.server.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sessions: random ids and tokens, an idle timeout that each use restarts, logout, and a bound on their number. */
class DashboardSessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DashboardSessions sessions = new DashboardSessions(Duration.ofMinutes(30), now::get);

    @Test
    void aSessionExpiresAfterTheIdleTimeoutAndEachUseRestartsIt() {
        DashboardSessions.Session s = sessions.create("admin");
        assertThat(s.expiresAtMillis()).isEqualTo(now.get() + Duration.ofMinutes(30).toMillis());

        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertThat(sessions.use(s.id())).isPresent(); // restarts the 30 minutes
        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertThat(sessions.use(s.id())).hasValueSatisfying(u -> assertThat(u.csrfToken()).isEqualTo(s.csrfToken()));

        now.addAndGet(Duration.ofMinutes(30).toMillis());
        assertThat(sessions.use(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void logoutForgetsTheIdAndUnknownIdsFindNothing() {
        DashboardSessions.Session s = sessions.create("admin");
        sessions.remove(s.id());
        assertThat(sessions.use(s.id())).isEmpty();
        assertThat(sessions.use(null)).isEmpty();
        assertThat(sessions.use("")).isEmpty();
    }

    @Test
    void idsAndTokensAreDistinct256BitRandomValues() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            DashboardSessions.Session s = sessions.create("admin");
            assertThat(s.id()).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(s.id())).isTrue();
            assertThat(seen.add(s.csrfToken())).isTrue();
        }
    }

    @Test
    void atMostSixtyFourLiveAtOnceTheLeastRecentlyUsedGoesFirst() {
        DashboardSessions.Session first = sessions.create("admin");
        DashboardSessions.Session second = sessions.create("admin");
        for (int i = 2; i < DashboardSessions.MAX_SESSIONS; i++) {
            sessions.create("admin");
        }
        assertThat(sessions.use(first.id())).isPresent(); // now second is the least recently used
        sessions.create("admin");

        assertThat(sessions.size()).isEqualTo(DashboardSessions.MAX_SESSIONS);
        assertThat(sessions.use(second.id())).isEmpty();
        assertThat(sessions.use(first.id())).isPresent();
    }
}
