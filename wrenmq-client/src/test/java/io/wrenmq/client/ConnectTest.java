package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connecting, refusals and their messages, disconnecting. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectTest {

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void connectsAndDisconnects(MqttVersion version) {
        try (WrenBroker broker = Brokers.start(Brokers.config());
                MqttClient client = Brokers.client(broker.port(), version, "c-" + version).build()) {
            ConnectResult r = client.connect().join();
            assertThat(r.sessionPresent()).isFalse();
            assertThat(r.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            assertThat(r.clientId()).isEqualTo("c-" + version);
            if (version.isV5()) {
                assertThat(r.properties().getInt(PropertyId.RECEIVE_MAXIMUM, -1)).isEqualTo(128);
            } else {
                assertThat(r.properties().isEmpty()).isTrue();
            }
            assertThat(client.isConnected()).isTrue();
            client.disconnect().join();
            assertThat(client.isConnected()).isFalse();
            assertThatThrownBy(() -> client.publish("a", "x", 0, false).join())
                    .hasCauseInstanceOf(MqttClientException.class).hasMessageContaining("disconnected");
        }
    }

    /** Section 3.2.2.3.7: an empty client id gets a server-assigned one, which the client then uses. */
    @Test
    void v5EmptyClientIdIsAssignedByTheServer() {
        try (WrenBroker broker = Brokers.start(Brokers.config());
                MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "").build()) {
            ConnectResult r = client.connect().join();
            assertThat(r.clientId()).isNotEmpty()
                    .isEqualTo(r.properties().getString(PropertyId.ASSIGNED_CLIENT_IDENTIFIER));
            assertThat(client.clientId()).isEqualTo(r.clientId());
        }
    }

    @Test
    void persistentSessionIsPresentOnTheSecondConnect() {
        try (WrenBroker broker = Brokers.start(Brokers.config())) {
            for (MqttVersion v : new MqttVersion[] {MqttVersion.V3_1_1, MqttVersion.V5}) {
                MqttClientBuilder b = Brokers.client(broker.port(), v, "persist-" + v).cleanStart(false)
                        .sessionExpiryInterval(60);
                try (MqttClient first = b.build()) {
                    first.connect().join();
                }
                try (MqttClient second = b.build()) {
                    assertThat(second.connect().join().sessionPresent()).as(v.toString()).isTrue();
                }
            }
        }
    }

    @Test
    void refusedTcpConnectionNamesHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        try (MqttClient client = Brokers.client(port, MqttVersion.V5, "refused").build()) {
            assertThatThrownBy(() -> client.connect().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(MqttClientException.class)
                    .hasMessage("Connection refused: 127.0.0.1:" + port);
            assertThat(client.isConnected()).isFalse();
        }
    }

    /** [MQTT-3.2.2-12]: a Will QoS above the server's Maximum QoS is refused with 0x9B. */
    @Test
    void connackRefusalSaysWhyInWords() {
        try (WrenBroker broker = Brokers.start(Brokers.config().maxQos(0));
                MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "will-qos1")
                        .will("w/t", "bye".getBytes(), 1, false).build()) {
            assertThatThrownBy(() -> client.connect().join()).cause().isInstanceOf(MqttClientException.class)
                    .hasMessageContaining("CONNACK refused by 127.0.0.1:" + broker.port())
                    .hasMessageContaining("QoS not supported (0x9B)")
                    .extracting(e -> ((MqttClientException) e).reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
        }
    }

    @Test
    void missingConnackTimesOut() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "slow")
                        .connectTimeout(Duration.ofMillis(300)).build()) {
            var connecting = client.connect();
            ScriptedServer.Peer peer = server.accept();
            assertThat(peer.expect(Connect.class).clientId()).isEqualTo("slow");
            assertThatThrownBy(connecting::join).cause().isInstanceOf(MqttClientException.class)
                    .hasMessage("Timed out after 300 ms waiting for CONNACK from 127.0.0.1:" + server.port());
            peer.awaitClosed();
        }
    }

    @Test
    void v5DisconnectWithReasonCodeReachesTheServer() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "bye").build()) {
            var connecting = client.connect();
            ScriptedServer.Peer peer = server.accept();
            peer.expect(Connect.class);
            peer.send(new io.wrenmq.codec.Connack(false, ReasonCode.SUCCESS, null));
            connecting.join();
            client.disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, null).join();
            assertThat(peer.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE);
            peer.awaitClosed();
        }
    }
}
