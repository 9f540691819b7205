package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.Publish;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic aliases both ways against the WrenMQ broker, checked on the wire through a recording proxy. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TopicAliasTest {

    /** Outbound: up to the broker's Topic Alias Maximum (2 here); beyond it topics go out in full. */
    @Test
    void outboundAliasesReplaceRepeatedTopics() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (WrenBroker broker = Brokers.start(Brokers.config().topicAliasMaximum(2));
                TcpProxy proxy = new TcpProxy(broker.port());
                MqttClient sub = Brokers.client(broker.port(), MqttVersion.V5, "alias-sub").build();
                MqttClient pub = Brokers.client(proxy.port(), MqttVersion.V5, "alias-pub").build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            sub.subscribe("sensors/#", 1).join();
            pub.connect().join();
            String[] topics = {"sensors/a", "sensors/b", "sensors/c", "sensors/a", "sensors/b", "sensors/c"};
            for (String t : topics) {
                pub.publish(t, t, 1, false).join();
            }
            for (String t : topics) {
                ReceivedMessage m = inbox.take();
                assertThat(m.topic()).isEqualTo(t);
                assertThat(m.payloadAsString()).isEqualTo(t);
            }
            List<Publish> wire = Wire.publishes(Wire.fromClient(proxy.forwardedFromClient()));
            assertThat(wire).extracting(Publish::topic)
                    .containsExactly("sensors/a", "sensors/b", "sensors/c", "", "", "sensors/c");
            assertThat(wire).extracting(p -> p.properties().getInt(PropertyId.TOPIC_ALIAS, 0))
                    .containsExactly(1, 2, 0, 1, 2, 0);
        }
    }

    /** Inbound: the broker aliases topics towards us (we allow 4); the application sees full topics. */
    @Test
    void inboundAliasesFromTheBrokerAreResolved() throws Exception {
        Inbox<ReceivedMessage> inbox = new Inbox<>();
        try (WrenBroker broker = Brokers.start(Brokers.config());
                TcpProxy proxy = new TcpProxy(broker.port());
                MqttClient sub = Brokers.client(proxy.port(), MqttVersion.V5, "alias-in").topicAliasMaximum(4)
                        .build();
                MqttClient pub = Brokers.client(broker.port(), MqttVersion.V5, "alias-src").build()) {
            sub.onMessage(inbox);
            sub.connect().join();
            sub.subscribe("in/#", 0).join();
            pub.connect().join();
            for (int i = 0; i < 3; i++) {
                pub.publish("in/long/topic/name", "m" + i, 1, false).join();
            }
            for (int i = 0; i < 3; i++) {
                ReceivedMessage m = inbox.take();
                assertThat(m.topic()).isEqualTo("in/long/topic/name");
                assertThat(m.payloadAsString()).isEqualTo("m" + i);
                assertThat(m.properties().has(PropertyId.TOPIC_ALIAS)).isFalse();
            }
            List<Publish> wire = Wire.publishes(Wire.fromServer(proxy.forwardedFromBroker(), MqttVersion.V5));
            assertThat(wire).extracting(Publish::topic).containsExactly("in/long/topic/name", "", "");
            assertThat(wire).allMatch(p -> p.properties().getInt(PropertyId.TOPIC_ALIAS, 0) == 1);
        }
    }
}
