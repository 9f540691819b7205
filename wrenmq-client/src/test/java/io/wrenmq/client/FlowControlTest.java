package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Receive Maximum, the bounded publish queue, Maximum Packet Size, Maximum QoS and Retain Available. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FlowControlTest {

    /** [MQTT-3.3.4-7]: the broker disconnects a client exceeding its Receive Maximum of 2; ours never does. */
    @Test
    void manyQos2PublishesStayWithinTheBrokersReceiveMaximum() {
        try (WrenBroker broker = Brokers.start(Brokers.config().receiveMaximum(2));
                MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "window").build()) {
            Inbox<MqttClientException> lost = new Inbox<>();
            client.onConnectionLost(lost);
            assertThat(client.connect().join().properties().getInt(PropertyId.RECEIVE_MAXIMUM, 0)).isEqualTo(2);
            List<CompletableFuture<PublishResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(client.publish("w/" + (i % 3), "m" + i, 1 + i % 2, false));
            }
            results.forEach(r -> assertThat(r.join().isSuccess()).isTrue());
            assertThat(lost.size()).isZero();
            assertThat(client.isConnected()).isTrue();
        }
    }

    /** The exact window on the wire: two PUBLISHes, then the third only after an ack; a full queue fails. */
    @Test
    void waitsForAcksBeyondReceiveMaximumAndBoundsTheQueue() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                MqttClient client = Brokers.client(server.port(), MqttVersion.V5, "exact").maxQueuedPublishes(2)
                        .build()) {
            CompletableFuture<ConnectResult> connecting = client.connect();
            ScriptedServer.Peer peer = server.accept();
            peer.expect(Connect.class);
            peer.send(new Connack(false, ReasonCode.SUCCESS,
                    Properties.builder().put(PropertyId.RECEIVE_MAXIMUM, 2).build()));
            connecting.join();
            List<CompletableFuture<PublishResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(client.publish("q", "m" + i, i == 1 ? 2 : 1, false));
            }
            CompletableFuture<PublishResult> overflow = client.publish("q", "overflow", 1, false);
            assertThatThrownBy(overflow::join).cause().isInstanceOf(MqttClientException.class)
                    .hasMessage("Publish queue full: 2 publishes already wait for acknowledgements");
            Publish p0 = peer.expect(Publish.class);
            Publish p1 = peer.expect(Publish.class);
            assertThat(p1.qos()).isEqualTo(2);
            peer.expectNothing(200);
            peer.send(new PubAck(p0.packetId()));
            assertThat(results.get(0).join().reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            Publish p2 = peer.expect(Publish.class);
            assertThat(p2.payload().toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("m2");
            // QoS 2: PUBREC with "No matching subscribers" still goes on to PUBREL/PUBCOMP.
            peer.send(new PubRec(p1.packetId(), ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.EMPTY));
            assertThat(peer.expect(PubRel.class).packetId()).isEqualTo(p1.packetId());
            assertThat(results.get(1)).isNotDone();
            peer.send(new PubComp(p1.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
            assertThat(results.get(1).join().qos()).isEqualTo(2);
            Publish p3 = peer.expect(Publish.class);
            peer.send(new PubAck(p2.packetId(), ReasonCode.NOT_AUTHORIZED, Properties.EMPTY));
            peer.send(new PubAck(p3.packetId()));
            PublishResult refused = results.get(2).join();
            assertThat(refused.isSuccess()).isFalse();
            assertThat(refused.reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
            assertThat(results.get(3).join().isSuccess()).isTrue();
        }
    }

    @Test
    void publishAboveTheServersMaximumPacketSizeFailsClearly() {
        try (WrenBroker broker = Brokers.start(Brokers.config().maxPacketSize(1024));
                MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "big").build()) {
            client.connect().join();
            CompletableFuture<PublishResult> tooBig = client.publish("big", Unpooled.wrappedBuffer(new byte[2000]), 1,
                    false, null);
            assertThatThrownBy(tooBig::join).cause().isInstanceOf(MqttClientException.class)
                    .hasMessageMatching("PUBLISH of 20\\d\\d bytes exceeds the server's Maximum Packet Size of 1024 "
                            + "bytes \\[MQTT-3.1.2-24\\]");
            // The connection is unharmed and the next message goes through.
            assertThat(client.publish("big", new byte[100], 1, false).join().isSuccess()).isTrue();
            assertThat(client.isConnected()).isTrue();
        }
    }

    /** [MQTT-3.2.2-11]: we never publish above the server's Maximum QoS; the result shows the downgrade. */
    @Test
    void qosAboveTheServersMaximumIsDowngraded() throws Exception {
        try (WrenBroker broker = Brokers.start(Brokers.config().maxQos(1));
                MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "maxqos").build()) {
            Inbox<ReceivedMessage> inbox = new Inbox<>();
            client.onMessage(inbox);
            client.connect().join();
            client.subscribe("mq", 1).join();
            PublishResult r = client.publish("mq", "x", 2, false).join();
            assertThat(r.qos()).isEqualTo(1);
            assertThat(inbox.take().qos()).isEqualTo(1);
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void retainWhereTheServerHasNoRetainFails() {
        try (WrenBroker broker = Brokers.start(Brokers.config().retainAvailable(false));
                MqttClient client = Brokers.client(broker.port(), MqttVersion.V5, "noretain").build()) {
            client.connect().join();
            assertThatThrownBy(() -> client.publish("r", "x", 1, true).join()).cause()
                    .isInstanceOf(MqttClientException.class).hasMessageContaining("Retain Available");
            assertThat(client.publish("r", "x", 1, false).join().isSuccess()).isTrue();
        }
    }
}
