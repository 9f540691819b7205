package io.wrenmq.broker.protocol;

import static io.wrenmq.broker.protocol.EmbeddedClient.publish;
import static io.wrenmq.broker.protocol.EmbeddedClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.wrenmq.broker.BrokerConfig;
import io.wrenmq.broker.protocol.BrokerContext;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.Connack;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttEncoder;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PingReq;
import io.wrenmq.codec.PingResp;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.SubAck;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MqttConnection} driven through the broker's real frame decoder on an {@code EmbeddedChannel}: CONNECT and
 * CONNACK, the QoS 1 and 2 flows both ways, protocol errors answered with DISCONNECT, keep alive; no sockets.
 */
class MqttConnectionTest {
    private WrenBroker broker;
    private BrokerContext context;
    private final List<EmbeddedClient> clients = new ArrayList<>();

    private void broker(Consumer<BrokerConfig> tweak) {
        BrokerConfig config = new BrokerConfig();
        config.auth().allowAnonymous(true);
        tweak.accept(config);
        broker = new WrenBroker(config); // not started: no listener, the test channels are its connections
        broker.auth().start();
        context = new BrokerContext(config, broker.metrics(), broker.sessions(), broker.router(),
                broker.subscriptions(), broker.limits(), broker.accessControl(), broker.auth(), broker.events());
    }

    private EmbeddedClient client(MqttVersion version) {
        if (broker == null) {
            broker(c -> { });
        }
        EmbeddedClient c = new EmbeddedClient(context, version);
        clients.add(c);
        return c;
    }

    @AfterEach
    void close() {
        clients.forEach(EmbeddedClient::close);
        if (broker != null) {
            broker.stop();
        }
    }

    /** An empty client id gets one from the server, said in the CONNACK [MQTT-3.1.3-6, MQTT-3.2.2-16]. */
    @Test
    void connectIsAnsweredWithConnackAndTheSessionIsAttached() {
        EmbeddedClient c = client(MqttVersion.V5);
        Connack ack = c.connect("");
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        assertThat(ack.sessionPresent()).isFalse();
        String assigned = ack.properties().getString(PropertyId.ASSIGNED_CLIENT_IDENTIFIER);
        assertThat(assigned).startsWith("wren-");
        assertThat(ack.properties().getInt(PropertyId.RECEIVE_MAXIMUM, 65535)).isEqualTo(128);
        assertThat(broker.sessions().get(assigned).isOnline()).isTrue();

        c.send(PingReq.INSTANCE);
        c.expect(PingResp.class);
    }

    /** A CONNECT the broker refuses gets a CONNACK with the reason, then the connection closes [MQTT-3.2.2-6]. */
    @Test
    void aRefusedConnectGetsAConnackWithTheReasonAndIsClosed() {
        EmbeddedClient c = client(MqttVersion.V3_1);
        c.send(new Connect(MqttVersion.V3_1, true, 0, "", null, null, null, Properties.EMPTY)); // 3.1: 1..23 chars
        Connack ack = c.expect(Connack.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(c.channel.isOpen()).isFalse();
    }

    /** QoS 1: PUBACK with the PUBLISH's packet id; v5 says 0x10 when nobody subscribed [MQTT-3.4.2-1]. */
    @Test
    void qos1PublishIsAcknowledgedAndDeliveredWithItsOwnPacketId() {
        EmbeddedClient sub = client(MqttVersion.V5);
        sub.connect("sub");
        sub.send(new Subscribe(1, List.of(new Subscription("t/#", 1)), Properties.EMPTY));
        assertThat(sub.expect(SubAck.class).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_1);

        EmbeddedClient pub = client(MqttVersion.V5);
        pub.connect("pub");
        pub.send(publish("nobody/here", 1, 7, "x"));
        PubAck none = pub.expect(PubAck.class);
        assertThat(none.packetId()).isEqualTo(7);
        assertThat(none.reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);

        pub.send(publish("t/1", 1, 8, "hello"));
        assertThat(pub.expect(PubAck.class)).isEqualTo(new PubAck(8, ReasonCode.SUCCESS, Properties.EMPTY));
        Publish got = sub.expect(Publish.class);
        assertThat(got.topic()).isEqualTo("t/1");
        assertThat(text(got)).isEqualTo("hello");
        assertThat(got.qos()).isEqualTo(1);
        assertThat(got.packetId()).isEqualTo(1); // the subscriber's own id space [MQTT-2.2.1-3]
        assertThat(broker.sessions().get("sub").inflightCount()).isEqualTo(1);
        sub.send(new PubAck(1));
        assertThat(broker.sessions().get("sub").inflightCount()).isZero();
    }

    /**
     * QoS 2 from the client: PUBREC, a resend of the same packet id before PUBREL is acknowledged but not routed
     * again [MQTT-4.3.3-10], PUBREL gets PUBCOMP [MQTT-4.3.3-11]; to the subscriber: PUBLISH, PUBREC, PUBREL, PUBCOMP.
     */
    @Test
    void qos2IsDeliveredExactlyOnceBothWays() {
        EmbeddedClient sub = client(MqttVersion.V5);
        sub.connect("sub2");
        sub.send(new Subscribe(1, List.of(new Subscription("q/2", 2)), Properties.EMPTY));
        sub.expect(SubAck.class);

        EmbeddedClient pub = client(MqttVersion.V5);
        pub.connect("pub2");
        pub.send(publish("q/2", 2, 5, "once"));
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(5);
        pub.send(new Publish(true, 2, false, "q/2", 5, Properties.EMPTY, Unpooled.copiedBuffer(new byte[] {1})));
        assertThat(pub.expect(PubRec.class).packetId()).isEqualTo(5);
        pub.send(new PubRel(5));
        assertThat(pub.expect(PubComp.class)).isEqualTo(new PubComp(5, ReasonCode.SUCCESS, Properties.EMPTY));

        Publish got = sub.expect(Publish.class);
        assertThat(text(got)).isEqualTo("once");
        assertThat(sub.nothingMore()).as("the resent PUBLISH was not routed again").isTrue();
        sub.send(new PubRec(got.packetId()));
        assertThat(sub.expect(PubRel.class).packetId()).isEqualTo(got.packetId());
        sub.send(new PubComp(got.packetId(), ReasonCode.SUCCESS, Properties.EMPTY));
        assertThat(broker.sessions().get("sub2").inflightCount()).isZero();
    }

    /**
     * A client that breaks a rule gets DISCONNECT with the reason code, Reason String included, and the connection
     * closes [MQTT-4.13.1-1]; it counts once as a protocol error. Here: QoS 2 above Maximum QoS 1 [MQTT-3.2.2-11].
     */
    @Test
    void aProtocolErrorIsAnsweredWithDisconnectAndTheReasonCode() {
        broker(c -> c.maxQos(1));
        EmbeddedClient c = client(MqttVersion.V5);
        assertThat(c.connect("bad").properties().getInt(PropertyId.MAXIMUM_QOS, 2)).isEqualTo(1);
        c.send(publish("t", 2, 1, "too high"));
        Disconnect d = c.expect(Disconnect.class);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
        assertThat(d.properties().getString(PropertyId.REASON_STRING)).contains("Maximum QoS");
        assertThat(c.channel.isOpen()).isFalse();
        assertThat(broker.metrics().protocolErrors.sum()).isEqualTo(1);
    }

    /** A malformed packet after CONNACK: DISCONNECT 0x81 for v5, counted once as a protocol error. */
    @Test
    void aMalformedPacketAfterConnackIsAnsweredWithDisconnect0x81() {
        EmbeddedClient c = client(MqttVersion.V5);
        c.connect("malformed");
        c.sendBytes(Unpooled.wrappedBuffer(new byte[] {(byte) 0xC0, 0x01, 0x00})); // PINGREQ with a body
        assertThat(c.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(c.channel.isOpen()).isFalse();
        assertThat(broker.metrics().protocolErrors.sum()).isEqualTo(1);
    }

    /** MQTT 3.1.1 has no DISCONNECT from the server: a second CONNECT [MQTT-3.1.0-2] just closes the connection. */
    @Test
    void aV3ProtocolErrorClosesWithoutAPacket() {
        EmbeddedClient c = client(MqttVersion.V3_1_1);
        c.connect("v3");
        c.send(new Connect(MqttVersion.V3_1_1, true, 0, "v3", null, null, null, Properties.EMPTY));
        assertThat(c.nothingMore()).isTrue();
        assertThat(c.channel.isOpen()).isFalse();
        assertThat(broker.sessions().get("v3")).as("clean session ended with its connection").isNull();
    }

    /** An operator's kick closes through the same close(): MQTT 5 gets DISCONNECT 0x98 Administrative action. */
    @Test
    void theSessionClosesItsConnectionWithDisconnect0x98() {
        EmbeddedClient c = client(MqttVersion.V5);
        c.connect("kicked");
        assertThat(broker.sessions().get("kicked").closeConnectionByAdministrator()).isTrue();
        Disconnect d = c.expect(Disconnect.class);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.ADMINISTRATIVE_ACTION);
        assertThat(d.properties().getString(PropertyId.REASON_STRING)).isEqualTo("disconnected by an administrator");
        assertThat(c.channel.isOpen()).isFalse();
        assertThat(broker.metrics().protocolErrors.sum()).as("the broker's decision, not a protocol error").isZero();
    }

    /** Nothing received for the keep alive (times mqtt.keepalive_multiplier): DISCONNECT 0x8D [MQTT-3.1.2-22]. */
    @Test
    void aSilentClientIsClosedAfterItsKeepAlive() {
        broker(c -> c.keepaliveMultiplier(1.0));
        EmbeddedClient c = client(MqttVersion.V5);
        c.connect("quiet", 1, Properties.EMPTY);
        c.send(PingReq.INSTANCE);
        c.expect(PingResp.class);
        assertThat(c.channel.isOpen()).isTrue();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            c.channel.runScheduledPendingTasks();
            return !c.channel.isOpen();
        });
        assertThat(c.expect(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
    }

    /** Packets sent right after CONNECT wait for CONNACK and are then handled in order. */
    @Test
    void packetsRightAfterConnectAreHandledAfterConnack() {
        EmbeddedClient c = client(MqttVersion.V5);
        CompositeByteBuf both = Unpooled.compositeBuffer();
        both.addComponent(true, MqttEncoder.encode(c.channel.alloc(),
                new Connect(MqttVersion.V5, true, 0, "eager", null, null, null, Properties.EMPTY), MqttVersion.V5));
        both.addComponent(true, MqttEncoder.encode(c.channel.alloc(), PingReq.INSTANCE, MqttVersion.V5));
        c.sendBytes(both);
        c.expect(Connack.class);
        c.expect(PingResp.class);
    }
}
