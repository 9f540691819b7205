package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static io.wrenmq.broker.it.WireClient.PUBACK;
import static io.wrenmq.broker.it.WireClient.PUBLISH;
import static io.wrenmq.broker.it.WireClient.SESSION_EXPIRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.it.RawMqttClient.WillSpec;
import io.wrenmq.broker.it.WireClient.Props;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Every publication takes the same path (issue #11): a will, like a client's PUBLISH, raises message_publish (the
 * REST API's publish is checked in the server's MqttApiTest); and a full offline queue says in the log which
 * client lost how many messages.
 */
@Timeout(30)
class PublishPathTest {

    /** A will is published like a client's PUBLISH: the message_publish event names its client, topic and payload. */
    @Test
    void aWillRaisesMessagePublishLikeAClientPublish() throws Exception {
        List<BrokerEvent.MessagePublish> seen = new CopyOnWriteArrayList<>();
        List<String> payloads = new CopyOnWriteArrayList<>();
        try (TestBroker b = TestBroker.start()) {
            b.broker().events().register(new BrokerEvents() {
                @Override
                public Set<EventType> interests() {
                    return EnumSet.of(EventType.MESSAGE_PUBLISH);
                }

                @Override
                public void onEvent(BrokerEvent event) {
                    BrokerEvent.MessagePublish p = (BrokerEvent.MessagePublish) event;
                    payloads.add(new String(p.message().payloadBytes(), StandardCharsets.UTF_8)); // valid during the call only
                    seen.add(p);
                }
            });
            RawMqttClient owner = RawMqttClient.connected(b.port(), connect(V311).clientId("will-owner")
                    .user("wuser", "x").will(WillSpec.of("will/path", "gone", 1, false)).build());
            owner.close(); // no DISCONNECT: the will goes out
            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
            BrokerEvent.MessagePublish e = seen.get(0);
            assertThat(e.message().fromClientId()).isEqualTo("will-owner");
            assertThat(e.message().fromUsername()).isEqualTo("wuser");
            assertThat(e.message().topic()).isEqualTo("will/path");
            assertThat(e.message().qos()).isEqualTo(1);
            assertThat(payloads).containsExactly("gone");
            assertThat(b.broker().metrics().messagesReceivedByQos[1].sum()).isEqualTo(1);
        }
    }

    /**
     * An offline session's full queue logs a WARN naming the client and the count: the first drop at once, and,
     * when the client comes back, how many it missed in all.
     */
    @Test
    void aFullOfflineQueueLogsTheClientAndTheCount() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("io.wrenmq.broker.session.QueueDropReport");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (TestBroker b = TestBroker.start(c -> c.maxMqueueLen(5))) {
            try (WireClient away = WireClient.connect(b, "drop-away", new Props().put(SESSION_EXPIRY, 300))) {
                assertThat(away.subscribeAndWait(1, "drop/t", 1, new Props())).containsExactly(1);
                away.disconnect();
                away.expectClosed();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("drop-away").isOnline());
            try (WireClient pub = WireClient.connect(b, "drop-pub")) {
                for (int i = 1; i <= 12; i++) {
                    pub.publish("drop/t", 1, i, "m" + i);
                    pub.expect(PUBACK);
                }
            }
            // the PUBACK leaves after routing; the offline session's queue takes the message on its own loop
            await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().metrics().messagesDroppedQueueFull.sum() == 7);
            List<String> warned = warnings(lines);
            assertThat(warned).hasSize(1); // one line, not one per drop
            assertThat(warned.get(0)).contains("offline client drop-away").contains("1 message dropped")
                    .contains("(5 messages, mqtt.mqueue_drop = newest)");
            try (WireClient back = WireClient.open(b, WireClient.V5)) {
                back.sendConnect("drop-away", false, new Props().put(SESSION_EXPIRY, 300));
                for (int i = 1; i <= 5; i++) {
                    WireClient.Packet p = back.expect(PUBLISH);
                    back.ack(PUBACK, p.packetId());
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> warnings(lines).size() == 2);
            assertThat(warnings(lines).get(1)).contains("Client drop-away is back: 7 messages were dropped");
        } finally {
            log.detachAppender(lines);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> lines) {
        return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
