package io.wrenmq.broker.session;

import static io.wrenmq.broker.session.SessionHarness.will;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.BrokerConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The will and the session expiry of a client that went away, on a loop whose time the test moves. */
class SessionTimersTest {

    /** A will with a delay goes out when the Will Delay Interval has passed [MQTT-3.1.3-9], not before. */
    @Test
    void aDelayedWillGoesOutWhenItsDelayHasPassed() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("wd", 10);
            Session s = h.connect("wd", true, 60, will("wd/will", 5), conn);
            h.disconnect(s, conn, false);
            h.advance(4_999, TimeUnit.MILLISECONDS);
            assertThat(h.wills).isEmpty();
            h.advance(1, TimeUnit.MILLISECONDS);
            assertThat(h.wills).containsExactly("wd:wd/will");
            assertThat(h.registry.get("wd")).as("the session outlives its will").isSameAs(s);
        }
    }

    /** A new connection before the Will Delay Interval has passed cancels the will [MQTT-3.1.3-9]. */
    @Test
    void aReconnectBeforeTheWillDelayCancelsTheWill() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("back", 10);
            Session s = h.connect("back", true, 60, will("back/will", 5), conn);
            h.disconnect(s, conn, false);
            h.advance(3, TimeUnit.SECONDS);
            h.connect("back", false, 60, null, new FakeConnection("back", 10));
            h.advance(1, TimeUnit.MINUTES);
            assertThat(h.wills).isEmpty();
        }
    }

    /** A reconnect with Clean Start 1 ends the old session: its pending will goes out at once (section 3.1.3.2.2). */
    @Test
    void aCleanStartEndsTheOldSessionAndSendsItsPendingWill() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("clean", 10);
            Session s = h.connect("clean", true, 60, will("clean/will", 30), conn);
            h.disconnect(s, conn, false);
            h.connect("clean", true, 60, null, new FakeConnection("clean", 10));
            assertThat(h.wills).containsExactly("clean:clean/will");
        }
    }

    @Test
    void aWillWithoutDelayGoesOutAtOnceAndANormalDisconnectDiscardsIt() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection abrupt = new FakeConnection("abrupt", 10);
            Session a = h.connect("abrupt", true, 60, will("abrupt/will", 0), abrupt);
            h.disconnect(a, abrupt, false);
            assertThat(h.wills).containsExactly("abrupt:abrupt/will");

            FakeConnection polite = new FakeConnection("polite", 10);
            Session p = h.connect("polite", true, 60, will("polite/will", 0), polite);
            h.disconnect(p, polite, true); // DISCONNECT 0x00 [MQTT-3.14.4-3]
            h.advance(2, TimeUnit.MINUTES);
            assertThat(h.wills).containsExactly("abrupt:abrupt/will");
        }
    }

    /**
     * The session ends when its expiry interval has passed without a connection, and a will whose delay is not
     * shorter than the expiry goes out then, with the end of the session.
     */
    @Test
    void theSessionExpiresAndAWillLongerThanTheExpiryGoesOutWithIt() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("exp", 10);
            Session s = h.connect("exp", true, 10, will("exp/will", 100), conn);
            s.deliver(SessionHarness.message("queued", 1, "x"), 1, false, null);
            h.disconnect(s, conn, false);
            h.advance(9, TimeUnit.SECONDS);
            assertThat(h.registry.get("exp")).isSameAs(s);
            assertThat(h.wills).isEmpty();
            h.advance(1, TimeUnit.SECONDS);
            assertThat(h.registry.get("exp")).isNull();
            assertThat(h.wills).containsExactly("exp:exp/will");
            assertThat(s.queuedCount()).isZero();
        }
    }

    /** Session Expiry Interval 0: the session ends with its connection, and the will goes out [MQTT-3.1.2-8]. */
    @Test
    void expiryZeroEndsTheSessionWithTheConnection() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("zero", 10);
            Session s = h.connect("zero", true, 0, will("zero/will", 30), conn);
            h.disconnect(s, conn, false);
            assertThat(h.registry.get("zero")).isNull();
            assertThat(h.wills).containsExactly("zero:zero/will");
        }
    }

    /** Session Expiry Interval 0xFFFFFFFF: the session never expires. */
    @Test
    void aSessionThatNeverExpiresStays() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("ever", 10);
            Session s = h.connect("ever", true, SessionTimers.NEVER_EXPIRES, null, conn);
            h.disconnect(s, conn, false);
            h.advance(400, TimeUnit.DAYS);
            assertThat(h.registry.get("ever")).isSameAs(s);
        }
    }

    /** After a broker restart both timers count from when the client went away, not from the restart. */
    @Test
    void restoredTimersCountFromWhenTheClientWentAway() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("rs", 10);
            Session s = h.connect("rs", true, 60, null, conn);
            h.disconnect(s, conn, false);
            s.cancelTimers(false); // as after a restart: no timer runs yet
            SessionTimers timers = new SessionTimers(s);
            timers.will(will("rs/will", 20));
            timers.resume(60, 15_000); // away for 15 s already
            h.advance(4_999, TimeUnit.MILLISECONDS);
            assertThat(h.wills).isEmpty();
            h.advance(1, TimeUnit.MILLISECONDS);
            assertThat(h.wills).containsExactly("rs:rs/will");
            h.advance(40, TimeUnit.SECONDS);
            assertThat(h.registry.get("rs")).isNull();
        }
    }
}
