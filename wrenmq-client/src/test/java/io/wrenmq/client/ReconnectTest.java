package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lost connections: automatic reconnect, resubscribe, resend with DUP, server DISCONNECT. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReconnectTest {
    private static final Duration FAST = Duration.ofMillis(20);

    /**
     * The broker goes away and comes back on the same port without the session (memory store): the client
     * reconnects with backoff, subscribes again and sends what was published meanwhile.
     */
    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void reconnectsAfterBrokerRestartAndResubscribes(MqttVersion version) throws Exception {
        WrenBroker broker = Brokers.start(Brokers.config());
        int port = broker.port();
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        Inbox<MqttClientException> lost = new Inbox<>();
        Inbox<ConnectResult> reconnected = new Inbox<>();
        try (MqttClient client = Brokers.client(port, version, "phoenix").autoReconnect(FAST, Duration.ofMillis(200))
                .build()) {
            client.onMessage(inbox).onConnectionLost(lost).onReconnected(reconnected);
            client.connect().join();
            client.subscribe("r/#", 1).join();
            broker.stop();
            assertThat(lost.take().getMessage()).contains("127.0.0.1:" + port);
            assertThat(client.isConnected()).isFalse();
            CompletableFuture<PublishResult> offline = client.publish("r/offline", "queued", 1, false);
            broker = Brokers.start(Brokers.config().tcp("127.0.0.1", port));
            ConnectResult r = reconnected.take();
            assertThat(r.sessionPresent()).isFalse();
            assertThat(offline.join().isSuccess()).isTrue();
            ReceivedMessage m = inbox.take();
            assertThat(m.topic()).isEqualTo("r/offline");
            assertThat(m.payloadAsString()).isEqualTo("queued");
        } finally {
            broker.stop();
        }
    }

    /**
     * [MQTT-4.4.0-1], [MQTT-3.3.1-1]: a QoS 1 PUBLISH lost on the network is resent with DUP on the resumed
     * session, and the subscriber gets it once. A proxy swallows the first copy and then cuts the line.
     */
    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void unacknowledgedPublishIsResentWithDupOnAResumedSession(MqttVersion version) throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (WrenBroker broker = Brokers.start(Brokers.config());
                TcpProxy proxy = new TcpProxy(broker.port());
                MqttClient sub = Brokers.client(broker.port(), version, "dup-sub").build();
                MqttClient pub = Brokers.client(proxy.port(), version, "dup-pub").cleanStart(false)
                        .sessionExpiryInterval(60).autoReconnect(FAST, Duration.ofMillis(200)).build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            sub.subscribe("d/#", 1).join();
            Inbox<ConnectResult> reconnected = new Inbox<>();
            pub.onReconnected(reconnected);
            pub.connect().join();
            proxy.holdClientBytes(true);
            CompletableFuture<PublishResult> result = pub.publish("d/1", "once", 1, false);
            await().atMost(10, TimeUnit.SECONDS).until(() -> proxy.droppedFromClient() > 0); // PUBLISH lost
            proxy.cutAll();
            proxy.clearRecording();
            proxy.holdClientBytes(false);
            assertThat(reconnected.take().sessionPresent()).isTrue();
            assertThat(result.join().isSuccess()).isTrue();
            ReceivedMessage m = inbox.take();
            assertThat(m.payloadAsString()).isEqualTo("once");
            inbox.expectNothing(200);
            List<Object> sent = Wire.fromClient(proxy.forwardedFromClient());
            assertThat(sent.get(0)).isInstanceOf(Connect.class);
            Publish resent = (Publish) sent.get(1);
            assertThat(resent.dup()).isTrue();
            assertThat(resent.topic()).isEqualTo("d/1");
        }
    }

    /** The exact resend: PUBLISH with DUP and its original id, and PUBREL for a QoS 2 message past PUBREC. */
    @Test
    void resumedSessionResendsPublishAndPubrelWithOriginalIds() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "resume").cleanStart(false)
                        .sessionExpiryInterval(300).autoReconnect(FAST, FAST).build()) {
            CompletableFuture<ConnectResult> connecting = client.connect();
            ScriptedServer.Peer first = server.accept();
            first.expect(Connect.class);
            first.send(new Connack(false, ReasonCode.SUCCESS, null));
            connecting.join();
            CompletableFuture<PublishResult> q1 = client.publish("a", "one", 1, false);
            CompletableFuture<PublishResult> q2 = client.publish("b", "two", 2, false);
            Publish a = first.expect(Publish.class);
            Publish b = first.expect(Publish.class);
            assertThat(a.dup() || b.dup()).isFalse();
            first.send(new PubRec(b.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
            first.expect(PubRel.class);
            first.close();

            ScriptedServer.Peer second = server.accept();
            assertThat(second.expect(Connect.class).cleanStart()).isFalse();
            second.send(new Connack(true, ReasonCode.SUCCESS, null));
            Publish again = second.expect(Publish.class);
            assertThat(again.dup()).isTrue();
            assertThat(again.packetId()).isEqualTo(a.packetId());
            assertThat(again.payload().toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(second.expect(PubRel.class).packetId()).isEqualTo(b.packetId());
            second.send(new PubAck(a.packetId()));
            second.send(new PubComp(b.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
            assertThat(q1.join().isSuccess()).isTrue();
            assertThat(q2.join().isSuccess()).isTrue();
        }
    }

    /** A server DISCONNECT's reason code reaches onConnectionLost (here 0x8E after a takeover). */
    @Test
    void serverDisconnectReasonIsSurfaced() throws Exception {
        try (WrenBroker broker = Brokers.start(Brokers.config());
                MqttClient first = Brokers.client(broker.port(), MqttVersion.V5, "same-id").build();
                MqttClient second = Brokers.client(broker.port(), MqttVersion.V5, "same-id").build()) {
            Inbox<MqttClientException> lost = new Inbox<>();
            first.onConnectionLost(lost);
            first.connect().join();
            second.connect().join();
            MqttClientException e = lost.take();
            assertThat(e.reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
            assertThat(e.getMessage()).startsWith("The server at 127.0.0.1:" + broker.port()
                    + " disconnected: Session taken over (0x8E)"); // + the broker's Reason String
            assertThat(first.isConnected()).isFalse();
        }
    }

    /** Without automatic reconnect a lost connection fails what was waiting, in words. */
    @Test
    void withoutReconnectALostConnectionFailsPendingWork() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V3_1_1, "once").build()) {
            CompletableFuture<ConnectResult> connecting = client.connect();
            ScriptedServer.Peer peer = server.accept();
            peer.expect(Connect.class);
            peer.send(new Connack(false, ReasonCode.SUCCESS, null));
            connecting.join();
            CompletableFuture<PublishResult> unacked = client.publish("t", "x", 1, false);
            peer.expect(Publish.class);
            peer.close();
            assertThatThrownBy(unacked::join).cause()
                    .hasMessage("Connection closed by the server at 127.0.0.1:" + server.port());
        }
    }
}
