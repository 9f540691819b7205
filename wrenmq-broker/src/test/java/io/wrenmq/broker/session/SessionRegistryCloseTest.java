package io.wrenmq.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.ReasonCode;
import org.junit.jupiter.api.Test;

/** {@link SessionRegistry#closeMatching}: what a new ban does to the clients it names. */
class SessionRegistryCloseTest {

    @Test
    void closesOnlyTheAttachedConnectionsThePredicateNames() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection alice = new FakeConnection(ClientIdentity.ofClientId("a1").withUsername("alice"), 10,
                    MqttVersion.V5);
            FakeConnection bob = new FakeConnection(ClientIdentity.ofClientId("b1").withUsername("bob"), 10,
                    MqttVersion.V5);
            FakeConnection gone = new FakeConnection(ClientIdentity.ofClientId("a2").withUsername("alice"), 10,
                    MqttVersion.V5);
            h.connect("a1", true, 60, null, alice);
            h.connect("b1", true, 60, null, bob);
            Session away = h.connect("a2", true, 60, null, gone);
            h.disconnect(away, gone, true);

            h.registry.closeMatching(who -> "alice".equals(who.username()), ReasonCode.ADMINISTRATIVE_ACTION,
                    "banned by username alice (api, no reason)");
            h.clock.runPendingTasks();

            assertThat(alice.closes).containsExactly("ADMINISTRATIVE_ACTION: banned by username alice (api, no reason)");
            assertThat(bob.closes).isEmpty();
            assertThat(gone.closes).as("no connection attached any more").isEmpty();
            assertThat(h.registry.get("a1")).as("the session lives on").isNotNull();
        }
    }

    @Test
    void anAdministratorClosesTheAttachedConnection() {
        try (SessionHarness h = new SessionHarness(new BrokerConfig())) {
            FakeConnection conn = new FakeConnection("kick", 10);
            Session s = h.connect("kick", true, 60, null, conn);
            assertThat(s.closeConnectionByAdministrator()).isTrue();
            assertThat(conn.closes).containsExactly("ADMINISTRATIVE_ACTION: disconnected by an administrator");
            h.disconnect(s, conn, false);
            assertThat(s.closeConnectionByAdministrator()).isFalse();
        }
    }
}
