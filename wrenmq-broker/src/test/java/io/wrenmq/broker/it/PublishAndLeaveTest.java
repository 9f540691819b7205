package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.SUBACK;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static io.wrenmq.broker.it.RawMqttClient.disconnect;
import static io.wrenmq.broker.it.RawMqttClient.publishV3;
import static io.wrenmq.broker.it.RawMqttClient.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A publisher that sends PUBLISH and DISCONNECT in one write and goes (what mosquitto_pub -q 0 does). Its message is
 * routed inside the read batch that also closes its connection; a subscriber on another event loop gets it from a
 * hand-over task flushed at the end of that batch. If that flush were skipped, the message would wait for the next
 * read on the publisher's loop: a CI run saw mosquitto_sub receive the QoS 0 message of one mosquitto_pub after the
 * next one's, and this test tells such a stall from mere scheduling delay.
 */
@Timeout(60)
class PublishAndLeaveTest {
    @Test
    void eachMessageOfAPublisherThatLeavesAtOnceArrivesBeforeTheNextPublisherConnects() throws Exception {
        // four loops, so most publishers land on a loop other than the subscriber's
        try (TestBroker b = TestBroker.start(c -> c.eventLoopThreads(4));
             RawMqttClient sub = RawMqttClient.open(b.port())) {
            sub.send(connect(V311).clientId("sub").build());
            sub.expect(CONNACK);
            sub.send(subscribe(false, 1, "leave/#", 0));
            sub.expect(SUBACK);
            for (int i = 0; i < 40; i++) {
                try (RawMqttClient pub = RawMqttClient.open(b.port())) {
                    pub.send(connect(V311).clientId("pub-" + i).build());
                    pub.expect(CONNACK);
                    pub.send(publishV3("leave/" + i, 0, 0, "m" + i), disconnect());
                    pub.expectClosed();
                }
                RawMqttClient.Frame f = sub.read(Duration.ofSeconds(3));
                assertThat(f).as("message %d", i).isNotNull();
                assertThat(f.publish(false).topic()).isEqualTo("leave/" + i);
            }
        }
    }
}
