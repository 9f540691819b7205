package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.session.Session;
import io.wrenmq.codec.MqttVersion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MqttClient#onMessageAsync}: the PUBACK/PUBREC of a message leaves when the application's stage completes, and
 * in the order the messages arrived [MQTT-4.6.0-2] - seen from the broker, whose session keeps each message in flight
 * until it is acknowledged.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AsyncAckTest {

    @ParameterizedTest(name = "QoS {0}")
    @CsvSource({"1", "2"})
    void theAcknowledgementWaitsForTheStageAndKeepsTheOrder(int qos) throws Exception {
        try (WrenBroker broker = Brokers.start(Brokers.config())) {
            MqttClient sub = Brokers.client(broker.port(), MqttVersion.V5, "async-sub").build();
            MqttClient pub = Brokers.client(broker.port(), MqttVersion.V5, "async-pub").build();
            List<CompletableFuture<Void>> handled = new CopyOnWriteArrayList<>();
            sub.onMessageAsync(m -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                handled.add(f);
                return f;
            });
            sub.connect().get(5, TimeUnit.SECONDS);
            sub.subscribe("async/#", qos).get(5, TimeUnit.SECONDS);
            pub.connect().get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                pub.publish("async/t", "m" + i, qos, false).get(5, TimeUnit.SECONDS);
            }
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> handled.size() == 3);
            Session session = broker.sessions().get("async-sub");
            assertThat(unacknowledged(session)).as("nothing acknowledged yet").isEqualTo(3);

            handled.get(1).complete(null); // the second is done first: its acknowledgement waits for the first's
            Thread.sleep(300);
            assertThat(unacknowledged(session)).isEqualTo(3);

            handled.get(0).complete(null); // now the first and the second go, in that order
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> unacknowledged(session) == 1);

            handled.get(2).completeExceptionally(new IllegalStateException("the store said no"));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> unacknowledged(session) == 0);
            sub.close();
            pub.close();
        }
    }

    /** Messages the broker's session still has in flight (QoS 2: until PUBCOMP, which follows PUBREC at once). */
    private static int unacknowledged(Session s) throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        s.execute(() -> n.complete(s.inflightCount()));
        return n.get(5, TimeUnit.SECONDS);
    }
}
