package io.wrenmq.server.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.it.TestBroker;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.bridge.BridgeOperations;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.TableOptions;
import io.wrenmq.server.rule.sql.RuleMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule engine on a real broker with real MQTT clients: rules see what clients publish (payload JSON, client id,
 * username, peer host, QoS, retain, user properties), their rows reach a SQLite table and republished messages, a
 * rule's republished messages do not feed the rules again, the counters count, and REST-style changes swap rules
 * while the broker runs.
 */
@Timeout(60)
class RuleEngineTest {
    private static final BatchSettings FAST = new BatchSettings(1000, 100, Duration.ofMillis(50), Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void rowsOfMatchingMessagesReachASqliteTableWithThePublishersFields() throws Exception {
        TestBroker b = broker();
        Path db = dir.resolve("rules.db");
        RulesConfig config = new RulesConfig(Map.of("sqlite", DatabaseConfig.sqlite("sqlite", db)), List.of(
                new RuleSpec("sqlite-1", "SELECT payload.temp AS temp, clientid, username, peerhost, qos, retain,"
                        + " user_properties.site AS site FROM \"sensors/+\" WHERE temp > 20", "", true,
                        List.of(new ActionSpec.Table("sqlite", TableOptions.of("readings"), FAST)))));
        RuleRuntime rules = start(b, config);

        Mqtt5BlockingClient c = client(b, "sensor-1");
        publish(c, "sensors/a", "{\"temp\": 25.5}", MqttQos.AT_LEAST_ONCE, true, "site", "plant-3");
        publish(c, "sensors/a", "{\"temp\": 18}", MqttQos.AT_MOST_ONCE, false, null, null);   // WHERE false
        publish(c, "other/a", "{\"temp\": 99}", MqttQos.AT_MOST_ONCE, false, null, null);     // not in FROM
        publish(c, "sensors/b", "not json", MqttQos.AT_MOST_ONCE, false, null, null);         // temp is null: no row
        publish(c, "sensors/b", "{\"temp\": 30}", MqttQos.EXACTLY_ONCE, false, null, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> count(db, "readings") == 2);
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT temp, clientid, username, peerhost, qos, retain, site FROM readings"
                        + " ORDER BY temp")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(25.5);
            assertThat(rs.getString(2)).isEqualTo("sensor-1");
            assertThat(rs.getString(3)).isEqualTo("alice");
            assertThat(rs.getString(4)).isEqualTo("127.0.0.1");
            assertThat(rs.getLong(5)).isEqualTo(1);
            assertThat(rs.getBoolean(6)).isTrue();
            assertThat(rs.getString(7)).isEqualTo("plant-3");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(30);
            assertThat(rs.getLong(5)).isEqualTo(2);
        }
        RuleView v = rules.get("sqlite-1");
        assertThat(v.counters().matched()).isEqualTo(4);
        assertThat(v.counters().passed()).isEqualTo(2);
        assertThat(v.counters().noResult()).isEqualTo(2);
        assertThat(v.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("sqlite");
            assertThat(a.stats().success()).isEqualTo(2);
        });
        c.disconnect();
    }

    /**
     * NanoMQ's repub: the selected fields as JSON to a topic of this broker (its server naming our own listener);
     * what a rule republishes never feeds the rules again, even when it is in the rule's own FROM.
     */
    @Test
    void republishesToThisBrokerWithoutLooping() throws Exception {
        TestBroker b = broker();
        ActionSpec.RemoteServer self = new ActionSpec.RemoteServer("localhost", b.port(), false, MqttVersion.V3_1_1,
                "repub_client1", Duration.ofSeconds(60), true, null, null);
        RuleRuntime rules = start(b, new RulesConfig(Map.of(), List.of(
                new RuleSpec("repub-1", "SELECT topic, payload FROM \"#\"", "", true,
                        List.of(new ActionSpec.Republish("topic/repub1", 1, false, null, self, FAST))))));
        Mqtt5BlockingClient sub = client(b, "watcher");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("topic/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = client(b, "p");
            publish(pub, "abc", "aaa", MqttQos.AT_MOST_ONCE, false, null, null);
            Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo("topic/repub1");
            assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"topic\":\"abc\",\"payload\":\"aaa\"}");
            assertThat(got.receive(500, TimeUnit.MILLISECONDS)).as("the republished message fed no rule").isEmpty();
            pub.disconnect();
        }
        assertThat(rules.get("repub-1").counters().matched()).isEqualTo(1);
        sub.disconnect();
    }

    /** repub to another broker over an MQTT connection of its own, with a topic template. */
    @Test
    void republishesToAnotherBroker() throws Exception {
        TestBroker b = broker();
        TestBroker other = broker();
        ActionSpec.RemoteServer there = new ActionSpec.RemoteServer("127.0.0.1", other.port(), false, MqttVersion.V5,
                "repub-remote", Duration.ofSeconds(30), true, null, null);
        start(b, new RulesConfig(Map.of(), List.of(new RuleSpec("repub-1",
                "SELECT clientid, payload.v AS v FROM \"in/#\"", "", true,
                List.of(new ActionSpec.Republish("out/${clientid}", 1, false, "v=${v}", there, FAST))))));
        Mqtt5BlockingClient sub = client(other, "far");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("out/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = client(b, "dev-9");
            publish(pub, "in/x", "{\"v\": 7}", MqttQos.AT_LEAST_ONCE, false, null, null);
            Mqtt5Publish m = got.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(m.getTopic().toString()).isEqualTo("out/dev-9");
            assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("v=7");
            pub.disconnect();
        }
        sub.disconnect();
    }

    /** Rules made, replaced and deleted while the broker runs; a statement that does not parse is refused with where. */
    @Test
    void rulesChangeWhileTheBrokerRuns() throws Exception {
        TestBroker b = broker();
        RuleRuntime rules = start(b, RulesConfig.NONE);
        assertThat(b.broker().events().wants(EventType.MESSAGE_PUBLISH))
                .as("no rule: the engine does not listen, publishes build no event for it").isFalse();
        Mqtt5BlockingClient sub = client(b, "watcher");
        try (Mqtt5BlockingClient.Mqtt5Publishes got = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("out/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = client(b, "p");
            rules.create(new RuleSpec("r1", "SELECT payload FROM \"a\"", "first", true,
                    List.of(new ActionSpec.Republish("out/1", 0, false, "${payload}", null, FAST))));
            assertThat(b.broker().events().wants(EventType.MESSAGE_PUBLISH)).isTrue();
            publish(pub, "a", "x", MqttQos.AT_MOST_ONCE, false, null, null);
            assertThat(text(got.receive(10, TimeUnit.SECONDS))).isEqualTo("out/1 x");

            rules.replace(new RuleSpec("r1", "SELECT payload FROM \"b\"", "second", true,
                    List.of(new ActionSpec.Republish("out/2", 0, false, "${payload}", null, FAST))));
            publish(pub, "a", "not any more", MqttQos.AT_MOST_ONCE, false, null, null);
            publish(pub, "b", "y", MqttQos.AT_MOST_ONCE, false, null, null);
            assertThat(text(got.receive(10, TimeUnit.SECONDS))).isEqualTo("out/2 y");
            assertThat(rules.get("r1").description()).isEqualTo("second");

            assertThatThrownBy(() -> rules.create(new RuleSpec("r2", "SELECT * FROM", "", true, List.of())))
                    .isInstanceOf(RuleRefusedException.class).hasMessageContaining("line 1, column");
            assertThatThrownBy(() -> rules.create(new RuleSpec("r1", "SELECT * FROM \"c\"", "", true, List.of())))
                    .isInstanceOf(RuleRefusedException.class).hasMessageContaining("exists");
            assertThatThrownBy(() -> rules.create(new RuleSpec("r3", "SELECT * FROM \"c\"", "", true,
                    List.of(new ActionSpec.Table("postgresql.none", TableOptions.of("t"), FAST)))))
                    .isInstanceOf(RuleRefusedException.class).hasMessageContaining("no database postgresql.none");

            assertThat(rules.delete("r1")).isTrue();
            publish(pub, "b", "gone", MqttQos.AT_MOST_ONCE, false, null, null);
            assertThat(got.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
            assertThat(rules.list()).isEmpty();
            assertThat(b.broker().events().wants(EventType.MESSAGE_PUBLISH)).isFalse();
            pub.disconnect();
        }
        sub.disconnect();
    }

    /** A reload keeps an unchanged rule running (its counters go on) and replaces a changed one. */
    @Test
    void aReloadKeepsUnchangedRules() throws Exception {
        TestBroker b = broker();
        RuleSpec keep = new RuleSpec("repub-1", "SELECT payload FROM \"k\"", "", true,
                List.of(new ActionSpec.Republish("out/k", 0, false, null, null, FAST)));
        RuleSpec change = new RuleSpec("repub-2", "SELECT payload FROM \"c\"", "", true,
                List.of(new ActionSpec.Republish("out/c", 0, false, null, null, FAST)));
        RuleRuntime rules = start(b, new RulesConfig(Map.of(), List.of(keep, change)));
        Mqtt5BlockingClient pub = client(b, "p");
        publish(pub, "k", "1", MqttQos.AT_MOST_ONCE, false, null, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> rules.get("repub-1").counters().matched() == 1);

        RuleSpec changed = new RuleSpec("repub-2", "SELECT payload FROM \"c2\"", "", true, change.actions());
        assertThat(rules.reload(new RulesConfig(Map.of(), List.of(keep, changed))))
                .containsExactly("rules.repub-2 (restarted)");
        assertThat(rules.get("repub-1").counters().matched()).as("kept, with its counters").isEqualTo(1);
        assertThat(rules.get("repub-2").topics()).containsExactly("c2");
        assertThat(rules.reload(new RulesConfig(Map.of(), List.of(keep)))).containsExactly("rules.repub-2 (stopped)");
        assertThat(rules.list()).extracting(RuleView::id).containsExactly("repub-1");
        pub.disconnect();
    }

    @Test
    void aStatementIsTestedAgainstASampleMessage() throws Exception {
        RuleRuntime rules = start(broker(), RulesConfig.NONE);
        RuleMessage sample = new RuleMessage("1", "t/1", "{\"a\": {\"b\": 5}}".getBytes(StandardCharsets.UTF_8), 1,
                false, "c", "u", "10.0.0.1", 0, Map.of(), Map.of());
        assertThat(rules.test("SELECT payload.a.b * 2 AS x, clientid FROM \"t/#\"", sample))
                .containsExactly(Map.of("x", 10L, "clientid", "c"));
        assertThat(rules.test("SELECT * FROM \"other\"", sample)).isEmpty();
    }

    private TestBroker broker() {
        TestBroker b = TestBroker.start(c -> { });
        open.add(b);
        return b;
    }

    private RuleRuntime start(TestBroker b, RulesConfig config) throws Exception {
        RuleRuntime r = RuleRuntime.start(b.broker(), BridgeOperations.NONE, config);
        open.add(r);
        return r;
    }

    private Mqtt5BlockingClient client(TestBroker b, String id) {
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(id).serverHost(b.host()).serverPort(b.port())
                .simpleAuth().username("alice").applySimpleAuth().buildBlocking();
        c.connect();
        return c;
    }

    private static void publish(Mqtt5BlockingClient c, String topic, String payload, MqttQos qos, boolean retain,
            String userKey, String userValue) {
        var p = c.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8)).qos(qos).retain(retain);
        if (userKey != null) {
            p.userProperties().add(userKey, userValue).applyUserProperties();
        }
        p.send();
    }

    private static String text(Optional<Mqtt5Publish> m) {
        Mqtt5Publish p = m.orElseThrow();
        return p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static long count(Path db, String table) {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // not created yet
        }
    }
}
