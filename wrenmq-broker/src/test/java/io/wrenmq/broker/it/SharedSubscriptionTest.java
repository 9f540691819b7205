package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.it.RoutingTest.Hive;
import io.wrenmq.broker.it.WireClient.Props;
import io.wrenmq.broker.routing.SharedSubscriptionStrategy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Shared subscriptions (MQTT 5 section 4.8.2): {@code $share/<group>/<filter>} and the older
 * {@code $queue/<filter>}; each message goes to exactly one member of each group, chosen by the configured
 * strategy.
 */
@Timeout(30)
class SharedSubscriptionTest {

    static TestBroker brokerWith(SharedSubscriptionStrategy s) {
        return TestBroker.start(c -> c.sharedSubscriptionStrategy(s));
    }

    static List<Hive> members(TestBroker b, String prefix, int n, String filter) {
        List<Hive> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Hive h = new Hive(b, prefix + i);
            h.sub(filter, 1);
            out.add(h);
        }
        return out;
    }

    static void publish(Hive pub, String topic, int from, int count) {
        for (int i = from; i < from + count; i++) {
            pub.pub(topic, 1, "m" + i);
        }
    }

    /** Waits until the members together received {@code total} messages, then returns each one's payloads. */
    static List<List<String>> collect(List<Hive> members, int total) throws InterruptedException {
        List<List<String>> got = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            got.add(new ArrayList<>());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < members.size(); i++) {
                Mqtt5Publish p;
                while ((p = members.get(i).received.poll()) != null) {
                    got.get(i).add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
            }
            return got.stream().mapToInt(List::size).sum() >= total;
        });
        Thread.sleep(200); // only to prove that no extra copy follows
        for (int i = 0; i < members.size(); i++) {
            assertThat(members.get(i).received).as("member %d got more", i).isEmpty();
        }
        return got;
    }

    static Set<String> union(List<List<String>> got, int expectedTotal) {
        Set<String> all = new HashSet<>();
        for (List<String> g : got) {
            all.addAll(g);
        }
        assertThat(got.stream().mapToInt(List::size).sum()).as("exactly one copy each").isEqualTo(expectedTotal);
        assertThat(all).hasSize(expectedTotal);
        return all;
    }

    static void closeAll(List<Hive> hs) {
        hs.forEach(Hive::close);
    }

    /**
     * Each message goes to exactly one member of a group; ROUND_ROBIN (the default) spreads them evenly;
     * every group and every plain subscription gets its own copy (section 4.8.2).
     */
    @Test
    void roundRobinGivesEachMessageToOneMemberEvenly() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.ROUND_ROBIN); Hive pub = new Hive(b, "rr-pub");
                Hive other = new Hive(b, "rr-other-group"); Hive plain = new Hive(b, "rr-plain")) {
            List<Hive> g = members(b, "rr-g", 3, "$share/g/rr/+");
            other.sub("$share/h/rr/#", 1);
            plain.sub("rr/t", 1);
            try {
                publish(pub, "rr/t", 0, 30);
                List<List<String>> got = collect(g, 30);
                union(got, 30);
                for (List<String> m : got) {
                    assertThat(m).hasSize(10);
                }
                assertThat(collect(List.of(other), 30).get(0)).hasSize(30);
                assertThat(collect(List.of(plain), 30).get(0)).hasSize(30);
            } finally {
                closeAll(g);
            }
        }
    }

    /** {@code $queue/<filter>} is a shared subscription too (EMQ/NanoMQ form): one member per message. */
    @Test
    void queuePrefixIsASharedSubscription() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.ROUND_ROBIN); Hive pub = new Hive(b, "q-pub")) {
            List<Hive> g = members(b, "q-m", 2, "$queue/q/t");
            try {
                publish(pub, "q/t", 0, 10);
                List<List<String>> got = collect(g, 10);
                union(got, 10);
                assertThat(got.get(0)).hasSize(5);
                assertThat(got.get(1)).hasSize(5);
            } finally {
                closeAll(g);
            }
        }
    }

    /** RANDOM: exactly one member per message, and over 100 messages both members get some. */
    @Test
    void randomStrategySpreadsOverMembers() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.RANDOM); Hive pub = new Hive(b, "rnd-pub")) {
            List<Hive> g = members(b, "rnd-m", 2, "$share/g/rnd/t");
            try {
                publish(pub, "rnd/t", 0, 100);
                List<List<String>> got = collect(g, 100);
                union(got, 100);
                assertThat(got.get(0)).isNotEmpty(); // all 100 to one member: probability 2^-99
                assertThat(got.get(1)).isNotEmpty();
            } finally {
                closeAll(g);
            }
        }
    }

    /** STICKY: every message to the same member while it stays connected; then to one other member. */
    @Test
    void stickyStrategyStaysWithOneMember() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.STICKY); Hive pub = new Hive(b, "st-pub")) {
            List<Hive> g = members(b, "st-m", 3, "$share/g/st/t");
            try {
                publish(pub, "st/t", 0, 12);
                List<List<String>> got = collect(g, 12);
                union(got, 12);
                int chosen = indexOfNonEmpty(got);
                assertThat(got.get(chosen)).hasSize(12);
                g.get(chosen).close();
                List<Hive> rest = new ArrayList<>(g);
                rest.remove(chosen);
                await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().metrics().clientsConnected.get() == 3);
                publish(pub, "st/t", 100, 12);
                List<List<String>> after = collect(rest, 12);
                union(after, 12);
                assertThat(after.get(indexOfNonEmpty(after))).hasSize(12);
            } finally {
                closeAll(g);
            }
        }
    }

    /**
     * HASH_CLIENTID: the publisher's client id picks the member, so all messages of one publisher reach
     * the same member; "hc-pub-a" and "hc-pub-b" hash one apart, so they reach different members of two.
     */
    @Test
    void hashClientIdStrategyMapsPublisherToMember() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.HASH_CLIENTID);
                Hive pubA = new Hive(b, "hc-pub-a"); Hive pubB = new Hive(b, "hc-pub-b")) {
            List<Hive> g = members(b, "hc-m", 2, "$share/g/hc/+");
            try {
                publish(pubA, "hc/a", 0, 10);
                publish(pubB, "hc/b", 100, 10);
                List<List<String>> got = collect(g, 20);
                union(got, 20);
                assertThat(got.get(0)).hasSize(10);
                assertThat(got.get(1)).hasSize(10);
                // each member got exactly one publisher's messages
                for (List<String> m : got) {
                    boolean fromA = m.stream().allMatch(s -> Integer.parseInt(s.substring(1)) < 100);
                    boolean fromB = m.stream().allMatch(s -> Integer.parseInt(s.substring(1)) >= 100);
                    assertThat(fromA || fromB).as("one publisher per member: %s", m).isTrue();
                }
            } finally {
                closeAll(g);
            }
        }
    }

    /**
     * A member whose (persistent) session is offline is skipped while others are online; when all members
     * are offline, the messages wait in a member's session and arrive when it comes back (section 4.8.2).
     */
    @Test
    void offlineMemberIsSkippedWhileOthersAreOnline() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.ROUND_ROBIN); Hive pub = new Hive(b, "off-pub")) {
            Persistent a = new Persistent(b, "off-a");
            Persistent c = new Persistent(b, "off-c");
            try {
                a.client.subscribeWith().topicFilter("$share/g/off/t").qos(MqttQos.AT_LEAST_ONCE).send();
                c.client.subscribeWith().topicFilter("$share/g/off/t").qos(MqttQos.AT_LEAST_ONCE).send();
                a.client.disconnect();
                await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("off-a").isOnline());
                publish(pub, "off/t", 0, 10);
                await().atMost(Duration.ofSeconds(5)).until(() -> c.received.size() == 10);
                c.client.disconnect();
                await().atMost(Duration.ofSeconds(5)).until(() -> !b.broker().sessions().get("off-c").isOnline());
                publish(pub, "off/t", 100, 6); // nobody online: kept for the members
                a.reconnect();
                await().atMost(Duration.ofSeconds(5)).until(() -> b.broker().sessions().get("off-a").isOnline());
                c.reconnect();
                await().atMost(Duration.ofSeconds(5)).until(() -> a.received.size() + c.received.size() == 16);
                Set<String> all = new HashSet<>();
                a.received.forEach(p -> all.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
                c.received.forEach(p -> all.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
                assertThat(all).hasSize(16);
            } finally {
                a.close();
                c.close();
            }
        }
    }

    /** A HiveMQ v5 client with a persistent session (expiry 300 s) that can reconnect. */
    static final class Persistent implements AutoCloseable {
        final Mqtt5BlockingClient client;
        final BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();

        Persistent(TestBroker b, String id) {
            client = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port()).buildBlocking();
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
            client.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        }

        void reconnect() {
            client.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        }

        @Override
        public void close() {
            if (client.getState().isConnected()) {
                client.disconnectWith().sessionExpiryInterval(0).send();
            }
        }
    }

    /** No Local on a shared subscription is a Protocol Error: DISCONNECT 0x82 [MQTT-3.8.3-4]. */
    @Test
    void noLocalOnSharedSubscriptionIsProtocolError() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.ROUND_ROBIN);
                WireClient c = WireClient.connect(b, "nl-shared")) {
            c.subscribe(1, "$share/g/nl/t", 0x04 | 1, new Props());
            assertThat(c.expectDisconnect().reasonCode()).isEqualTo(0x82);
        }
    }

    /**
     * Retained messages are not sent to a shared subscription when it is made (section 4.8.2 / 3.8.3.1
     * Retain Handling), while a plain subscription gets them.
     */
    @Test
    void sharedSubscriptionGetsNoRetainedMessages() throws Exception {
        try (TestBroker b = brokerWith(SharedSubscriptionStrategy.ROUND_ROBIN); Hive pub = new Hive(b, "sr-pub");
                Hive shared = new Hive(b, "sr-shared"); Hive plain = new Hive(b, "sr-plain")) {
            pub.client.publishWith().topic("sr/t").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("r".getBytes(StandardCharsets.UTF_8)).send();
            shared.sub("$share/g/sr/t", 1);
            shared.sub("$queue/sr/#", 1);
            plain.sub("sr/t", 1);
            assertThat(plain.take().isRetain()).isTrue();
            shared.expectNothing(300);
            // but live messages do arrive (one per group)
            pub.pub("sr/t", 1, "live");
            assertThat(shared.topics(2)).containsExactly("sr/t", "sr/t");
        }
    }

    static int indexOfNonEmpty(List<List<String>> got) {
        for (int i = 0; i < got.size(); i++) {
            if (!got.get(i).isEmpty()) {
                return i;
            }
        }
        throw new AssertionError("nobody got anything");
    }
}
