package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.PUBLISH;
import static io.wrenmq.broker.it.RawMqttClient.SUBACK;
import static io.wrenmq.broker.it.RawMqttClient.UNSUBACK;
import static io.wrenmq.broker.it.RawMqttClient.V31;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.it.RawMqttClient.Packet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed topic filters in SUBSCRIBE and UNSUBSCRIBE. MQTT 3.1/3.1.1 has no failure code for them: a protocol
 * violation, so the connection closes without SUBACK/UNSUBACK ([MQTT-4.7.1-2], [MQTT-4.7.1-3], [MQTT-4.7.3-1] and
 * [MQTT-4.8.0-1] in 3.1.1 numbering). MQTT 5 answers 0x8F Topic Filter Invalid for that filter and keeps the others.
 * Raw sockets: real clients refuse to send such filters.
 */
@Timeout(30)
class TopicFilterSyntaxTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(c -> { });
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RawMqttClient connected(int level) throws Exception {
        return RawMqttClient.connected(broker.port(), connect(level).clientId("tf-" + IDS.incrementAndGet()).build());
    }

    private static byte[] subscribe(int packetId, boolean v5, String... filters) {
        Packet p = new Packet(0x82).u16(packetId);
        if (v5) {
            p.u8(0);
        }
        for (String f : filters) {
            p.str(f).u8(1);
        }
        return p.build();
    }

    private static byte[] unsubscribe(int packetId, boolean v5, String filter) {
        Packet p = new Packet(0xA2).u16(packetId);
        if (v5) {
            p.u8(0);
        }
        return p.str(filter).build();
    }

    /** 3.1.1: a malformed filter closes the connection; no SUBACK, and the good filter beside it is not subscribed. */
    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "a/b#", "+a", "a/+b", "#/a", "a/#/", "x+", ""})
    void v311SubscribeWithAMalformedFilterIsClosedWithoutSuback_MQTT_4_8_0_1(String bad) throws Exception {
        String id = "tf-kept-" + IDS.incrementAndGet();
        // a persistent session outlives the close, so it shows that the packet subscribed nothing
        try (RawMqttClient raw = RawMqttClient.connected(broker.port(), connect(V311).clientId(id).clean(false).build())) {
            raw.send(subscribe(1, false, "tf/ok", bad));
            assertThat(raw.expectClosed()).as("closed without SUBACK").isEmpty();
        }
        assertThat(broker.broker().sessions().get(id).subscriptionCount()).as("no subscription was made").isZero();
    }

    /** MQTT 3.1 (MQIsdp) is treated like 3.1.1. */
    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "a/b#", "+a"})
    void v31SubscribeWithAMalformedFilterIsClosedWithoutSuback(String bad) throws Exception {
        try (RawMqttClient raw = connected(V31)) {
            raw.send(subscribe(1, false, bad));
            assertThat(raw.expectClosed()).isEmpty();
        }
    }

    /** 3.1.1: UNSUBSCRIBE with a malformed filter is the same protocol violation: closed without UNSUBACK. */
    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "a/b#", "+a", "a/+b"})
    void v311UnsubscribeWithAMalformedFilterIsClosedWithoutUnsuback_MQTT_4_8_0_1(String bad) throws Exception {
        try (RawMqttClient raw = connected(V311)) {
            raw.send(unsubscribe(2, false, bad));
            assertThat(raw.expectClosed()).as("closed without UNSUBACK").isEmpty();
        }
    }

    /**
     * A well-formed 3.1.1 filter that is no valid shared subscription ({@code $share/g} has no filter after the group)
     * is not a syntax error: SUBACK 0x80 Failure, and the connection stays up.
     */
    @Test
    void v311WellFormedButBadSharedFilterGetsFailureAndStaysConnected() throws Exception {
        try (RawMqttClient raw = connected(V311)) {
            raw.send(subscribe(3, false, "$share/g", "tf/fine"));
            Frame ack = raw.expect(SUBACK);
            assertThat(ack.subackCodes(false)).containsExactly(0x80, 0x01);
            raw.send(RawMqttClient.pingreq());
            assertThat(raw.expect(RawMqttClient.PINGRESP)).isNotNull();
            raw.send(RawMqttClient.disconnect());
        }
    }

    /** 5.0: the malformed filter gets 0x8F, the other filter of the same SUBSCRIBE is subscribed and works. */
    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "a/b#", "+a", "a/+b"})
    void v5SubscribeAnswers0x8FForTheMalformedFilterAndKeepsTheOthers(String bad) throws Exception {
        try (RawMqttClient raw = connected(V5)) {
            raw.send(subscribe(4, true, bad, "tf5/ok"));
            Frame ack = raw.expect(SUBACK);
            assertThat(ack.subackCodes(true)).containsExactly(0x8F, 0x01);
            raw.send(RawMqttClient.publishV5("tf5/ok", 0, 0, "still here"));
            assertThat(raw.expect(PUBLISH).publish(true).payloadString()).isEqualTo("still here");
            raw.send(unsubscribe(5, true, bad));
            assertThat(raw.expect(UNSUBACK).body()).containsExactly(0x00, 0x05, 0x00, 0x8F);
            raw.send(RawMqttClient.disconnect());
            assertThat(raw.expectClosed(Duration.ofSeconds(5))).isEmpty();
        }
    }
}
