package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PingReq;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Wire-level behaviour against a scripted server: keep alive, inbound QoS flows, server protocol errors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProtocolTest {

    private static ScriptedServer.Peer connect(ScriptedServer server, MqttClient client, Properties connack)
            throws InterruptedException {
        CompletableFuture<ConnectResult> connecting = client.connect();
        ScriptedServer.Peer peer = server.accept();
        peer.expect(Connect.class);
        peer.send(new Connack(false, ReasonCode.SUCCESS, connack));
        connecting.join();
        return peer;
    }

    private static Publish publish(int qos, String topic, int packetId, String payload, Properties props) {
        return new Publish(false, qos, false, topic, packetId, props,
                Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** [MQTT-3.1.2-23] PINGREQ when idle; no PINGRESP within the timeout ends the connection. */
    @Test
    void pingsWhenIdleAndGivesUpWithoutPingresp() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V3_1_1, "ka").keepAlive(1)
                        .pingTimeout(Duration.ofMillis(500)).build()) {
            Inbox<MqttClientException> lost = new Inbox<>();
            client.onConnectionLost(lost);
            ScriptedServer.Peer peer = connect(server, client, null);
            peer.answerPings = false;
            peer.expect(PingReq.class);
            MqttClientException e = lost.take();
            assertThat(e.getMessage()).isEqualTo("No PINGRESP from 127.0.0.1:" + server.port() + " within 500 ms");
            peer.awaitClosed();
        }
    }

    /** A live server answers pings and the connection stays up across several keep-alive periods. */
    @Test
    void answeredPingsKeepTheConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "ka2").keepAlive(60).build()) {
            // Server Keep Alive overrides ours [MQTT-3.2.2-21].
            ScriptedServer.Peer peer = connect(server, client,
                    Properties.builder().put(PropertyId.SERVER_KEEP_ALIVE, 1).build());
            await().atMost(10, TimeUnit.SECONDS).until(() -> peer.pingsSeen >= 2);
            assertThat(client.isConnected()).isTrue();
        }
    }

    /** [MQTT-4.3.3-9]: a QoS 2 PUBLISH repeated before PUBREL is acknowledged but delivered once. */
    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void inboundQos2IsDeliveredExactlyOnce(MqttVersion version) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), version, "q2").build()) {
            client.onMessage(inbox);
            ScriptedServer.Peer peer = connect(server, client, null);
            peer.send(publish(2, "x", 7, "first", Properties.EMPTY));
            assertThat(peer.expect(PubRec.class).packetId()).isEqualTo(7);
            peer.send(new Publish(true, 2, false, "x", 7, Properties.EMPTY, Unpooled.wrappedBuffer(new byte[] {1})));
            assertThat(peer.expect(PubRec.class).packetId()).isEqualTo(7);
            peer.send(new PubRel(7, ReasonCode.SUCCESS, Properties.EMPTY));
            assertThat(peer.expect(PubComp.class).packetId()).isEqualTo(7);
            // After PUBREL the id is free: a new message with it is a new message.
            peer.send(publish(2, "x", 7, "second", Properties.EMPTY));
            peer.expect(PubRec.class);
            peer.send(publish(1, "x", 8, "third", Properties.EMPTY));
            assertThat(peer.expect(PubAck.class).packetId()).isEqualTo(8);
            assertThat(inbox.take().payloadAsString()).isEqualTo("first");
            assertThat(inbox.take().payloadAsString()).isEqualTo("second");
            assertThat(inbox.take().payloadAsString()).isEqualTo("third");
            inbox.expectNothing(100);
        }
    }

    /** Inbound aliases: defined with a topic, then used with an empty one; the alias is not shown to the app. */
    @Test
    void inboundTopicAliasesAreResolved() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "alias-in").topicAliasMaximum(2)
                        .build()) {
            client.onMessage(inbox);
            CompletableFuture<ConnectResult> connecting = client.connect();
            ScriptedServer.Peer peer = server.accept();
            assertThat(peer.expect(Connect.class).properties().getInt(PropertyId.TOPIC_ALIAS_MAXIMUM, 0)).isEqualTo(2);
            peer.send(new Connack(false, ReasonCode.SUCCESS, null));
            connecting.join();
            Properties alias2 = Properties.builder().put(PropertyId.TOPIC_ALIAS, 2).addUserProperty("u", "v").build();
            peer.send(publish(0, "long/topic/name", 0, "a", alias2));
            peer.send(publish(0, "", 0, "b", alias2));
            ReceivedMessage a = inbox.take();
            ReceivedMessage b = inbox.take();
            assertThat(b.topic()).isEqualTo("long/topic/name");
            assertThat(b.payloadAsString()).isEqualTo("b");
            assertThat(a.properties().has(PropertyId.TOPIC_ALIAS)).isFalse();
            assertThat(b.properties().userProperties()).hasSize(1);
            // [MQTT-3.3.2-10]: an alias above our maximum is a protocol error, answered with DISCONNECT 0x94.
            peer.send(publish(0, "t", 0, "c", Properties.builder().put(PropertyId.TOPIC_ALIAS, 3).build()));
            assertThat(peer.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
            peer.awaitClosed();
            inbox.expectNothing(100);
        }
    }

    /** A packet the client cannot decode ends the connection with DISCONNECT 0x81 (v5) and a clear reason. */
    @Test
    void malformedPacketFromTheServerClosesWithReason() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "bad").build()) {
            Inbox<MqttClientException> lost = new Inbox<>();
            client.onConnectionLost(lost);
            ScriptedServer.Peer peer = connect(server, client, null);
            peer.send(publish(0, "t", 0, "x", Properties.EMPTY)); // fine
            // PUBLISH with QoS 3 is malformed [MQTT-3.3.1-4]; written as raw bytes.
            peerChannelWrite(peer, new byte[] {0x36, 0x05, 0x00, 0x01, 't', 0x00, 0x01});
            assertThat(peer.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            MqttClientException e = lost.take();
            assertThat(e.getMessage()).startsWith("Protocol error by the server at 127.0.0.1:" + server.port());
            assertThat(e.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        }
    }

    private static void peerChannelWrite(ScriptedServer.Peer peer, byte[] raw) {
        peer.sendRaw(Unpooled.wrappedBuffer(raw));
    }
}
