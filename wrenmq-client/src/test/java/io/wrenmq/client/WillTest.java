package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.UserProperty;
import io.wrenmq.codec.Will;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Will Message: published on an abnormal end [MQTT-3.1.2-8], discarded on a normal DISCONNECT [MQTT-3.1.2-10]. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WillTest {

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void willIsPublishedWhenTheNetworkFails(MqttVersion version) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        Properties willProps = version.isV5() ? Properties.builder().addUserProperty("why", "gone").build()
                : Properties.EMPTY;
        try (WrenBroker broker = Brokers.start(Brokers.config());
                TcpProxy proxy = new TcpProxy(broker.port());
                MqttClient watcher = Brokers.client(broker.port(), version, "watcher").build();
                MqttClient mortal = Brokers.client(proxy.port(), version, "mortal")
                        .will(new Will("status/mortal", 1, false, "offline".getBytes(), willProps)).build()) {
            watcher.onMessage(inbox);
            watcher.connect().join();
            watcher.subscribe("status/#", 1).join();
            mortal.connect().join();
            proxy.cutAll();
            ReceivedMessage m = inbox.take();
            assertThat(m.topic()).isEqualTo("status/mortal");
            assertThat(m.payloadAsString()).isEqualTo("offline");
            if (version.isV5()) {
                assertThat(m.properties().userProperties()).containsExactly(new UserProperty("why", "gone"));
            }
        }
    }

    @Test
    void normalDisconnectDiscardsTheWillAndV5CanAskForIt() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (WrenBroker broker = Brokers.start(Brokers.config());
                MqttClient watcher = Brokers.client(broker.port(), MqttVersion.V5, "watcher").build()) {
            watcher.onMessage(inbox);
            watcher.connect().join();
            watcher.subscribe("status/#", 1).join();
            try (MqttClient polite = Brokers.client(broker.port(), MqttVersion.V5, "polite")
                    .will("status/polite", "offline".getBytes(), 1, false).build()) {
                polite.connect().join();
                polite.disconnect().join();
            }
            try (MqttClient asking = Brokers.client(broker.port(), MqttVersion.V5, "asking")
                    .will("status/asking", "offline".getBytes(), 1, false).build()) {
                asking.connect().join();
                asking.disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, null).join();
            }
            // Only the second will arrives; had the first been published it would come first.
            assertThat(inbox.take().topic()).isEqualTo("status/asking");
        }
    }
}
