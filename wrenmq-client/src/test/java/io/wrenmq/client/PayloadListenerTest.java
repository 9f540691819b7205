package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The zero-copy {@link PayloadListener} and publishing without outbound topic aliases (the benchmark's options). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PayloadListenerTest {

    @Test
    void payloadListenerSeesTheBytesInPlaceAndReplacesOnMessage() throws Exception {
        try (WrenBroker broker = Brokers.start(Brokers.config().topicAliasMaximum(10))) {
            MqttClient sub = Brokers.client(broker.port(), MqttVersion.V5, "raw-sub").build();
            MqttClient pub = Brokers.client(broker.port(), MqttVersion.V5, "raw-pub").outboundTopicAliases(false).build();
            List<String> got = new CopyOnWriteArrayList<>();
            List<String> viaOnMessage = new CopyOnWriteArrayList<>();
            sub.onMessage(m -> viaOnMessage.add(m.payloadAsString()));
            sub.onPayload((topic, payload, qos, retain, dup) -> {
                assertThat(sub.eventLoop().inEventLoop()).isTrue();
                got.add(topic + ":" + qos + ":" + payload.toString(payload.readerIndex(), payload.readableBytes(),
                        StandardCharsets.UTF_8));
            });
            sub.connect().get(5, TimeUnit.SECONDS);
            sub.subscribe("raw/#", 1).get(5, TimeUnit.SECONDS);
            pub.connect().get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                pub.publish("raw/t", "m" + i, 1, false).get(5, TimeUnit.SECONDS);
            }
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> got.size() == 3);
            assertThat(got).containsExactly("raw/t:1:m0", "raw/t:1:m1", "raw/t:1:m2");
            assertThat(viaOnMessage).isEmpty();
            pub.close();
            sub.close();
        }
    }
}
