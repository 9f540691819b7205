package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.limits.BanList;
import io.wrenmq.broker.limits.BanRule;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ban list (client id, username, IP address / CIDR, expiry, runtime changes) and flapping detection. */
@Timeout(30)
class BanTest {

    /** The CONNACK code for a CONNECT (0 = accepted), or -1 when the broker closed the socket without one. */
    private static int connackCode(TestBroker b, int level, String clientId, String username) throws IOException {
        try (RawMqttClient c = RawMqttClient.open(b.port())) {
            RawMqttClient.ConnectBuilder cb = connect(level).clientId(clientId);
            if (username != null) {
                cb.user(username, "pw");
            }
            try {
                c.send(cb.build());
            } catch (IOException closedAlready) {
                return -1;
            }
            Frame f = c.readOrEof(Duration.ofSeconds(5));
            if (f == null) {
                return -1;
            }
            assertThat(f.type()).isEqualTo(CONNACK);
            return f.connackCode();
        }
    }

    @Test
    void bannedClientIdGetsBannedInV5AndNotAuthorizedInV311() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().banned(List.of(
                BanRule.clientId("bad", null, "test", "config"))))) {
            assertThat(connackCode(b, V5, "bad", null)).isEqualTo(0x8A);
            assertThat(connackCode(b, V311, "bad", null)).isEqualTo(5);
            assertThat(connackCode(b, V5, "good", null)).isZero();
            Mqtt5BlockingClient hive = Mqtt5Client.builder().identifier("bad").serverHost(b.host())
                    .serverPort(b.port()).buildBlocking();
            assertThatThrownBy(hive::connect).isInstanceOfSatisfying(Mqtt5ConnAckException.class,
                    e -> assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED));
            assertThat(b.broker().metrics().limits.connectsRefusedBanned.sum()).isEqualTo(3);
        }
    }

    @Test
    void bannedUsernameIsRefusedWhateverTheClientId() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().banned(List.of(
                BanRule.username("mallory", null, null, "config"))))) {
            MqttClient paho = new MqttClient(b.uri(), "paho-mallory", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("mallory");
            o.setPassword("x".toCharArray());
            assertThatThrownBy(() -> paho.connect(o)).isInstanceOfSatisfying(MqttException.class,
                    e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
            paho.close();
            assertThat(connackCode(b, V5, "any", "mallory")).isEqualTo(0x8A);
            assertThat(connackCode(b, V5, "any", "alice")).isZero();
        }
    }

    /** A banned address or range is closed at accept, before any CONNECT is read: no CONNACK at all. */
    @Test
    void bannedCidrClosesAtAcceptAndANonMatchingRangeDoesNot() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().banned(List.of(
                BanRule.ipAddress("10.1.0.0/16", null, null, "config"))))) {
            assertThat(connackCode(b, V5, "c1", null)).isZero();
            BanList bans = b.broker().limits().banList();
            bans.add(BanRule.ipAddress("127.0.0.0/8", null, "loopback", "api"));
            assertThat(connackCode(b, V5, "c2", null)).isEqualTo(-1);
            assertThat(b.broker().metrics().limits.connectionsRefusedBanned.sum()).isEqualTo(1);
            assertThat(bans.remove(BanRule.Kind.IPADDR, "127.0.0.0/8")).isTrue();
            bans.add(BanRule.ipAddress("127.0.0.1", null, null, "api"));
            assertThat(connackCode(b, V311, "c3", null)).isEqualTo(-1);
            assertThat(bans.list()).extracting(BanRule::value).containsExactly("127.0.0.1", "10.1.0.0/16");
            bans.remove(BanRule.Kind.IPADDR, "127.0.0.1");
            assertThat(connackCode(b, V5, "c4", null)).isZero();
        }
    }

    @Test
    void runtimeBanWithExpiryEndsByItself() throws Exception {
        try (TestBroker b = TestBroker.start(c -> { })) {
            BanList bans = b.broker().limits().banList();
            bans.add(BanRule.clientId("temp", Instant.now().plusMillis(800), "cool down", "api"));
            assertThat(connackCode(b, V5, "temp", null)).isEqualTo(0x8A);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> connackCode(b, V5, "temp", null) == 0);
            assertThat(bans.list()).isEmpty();
            // runtime add and remove without expiry
            bans.add(BanRule.clientId("temp", null, null, "api"));
            assertThat(connackCode(b, V311, "temp", null)).isEqualTo(5);
            assertThat(bans.remove(BanRule.Kind.CLIENTID, "temp")).isTrue();
            assertThat(connackCode(b, V311, "temp", null)).isZero();
        }
    }

    /** A client id connecting more than max_count times within window_time is banned for ban_time, then let in. */
    @Test
    void flappingClientIsBannedAndTheBanExpires() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().flappingEnabled(true).flappingMaxCount(3)
                .flappingWindow(Duration.ofSeconds(30)).flappingBanTime(Duration.ofSeconds(1)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(connackCode(b, V5, "flap", null)).as("connect " + (i + 1)).isZero();
            }
            assertThat(connackCode(b, V5, "flap", null)).isEqualTo(0x8A);
            assertThat(connackCode(b, V311, "flap", null)).isEqualTo(5);
            assertThat(connackCode(b, V5, "steady", null)).isZero();
            List<BanRule> bans = b.broker().limits().banList().list();
            assertThat(bans).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(BanRule.Kind.CLIENTID);
                assertThat(r.value()).isEqualTo("flap");
                assertThat(r.source()).isEqualTo("flapping");
                assertThat(r.until()).isNotNull();
            });
            assertThat(b.broker().metrics().limits.flappingBans.sum()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> connackCode(b, V5, "flap", null) == 0);
        }
    }

    @Test
    void flappingDetectionIsOffByDefault() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().flappingMaxCount(2))) {
            for (int i = 0; i < 5; i++) {
                assertThat(connackCode(b, V5, "often", null)).isZero();
            }
        }
    }

    /** Failed logins reported by authentication ban the address after max_count: it is then closed at accept. */
    @Test
    void repeatedFailedLoginsBanTheAddress() throws Exception {
        try (TestBroker b = TestBroker.start(c -> c.limits().flappingMaxCount(3).flappingBanTime(Duration.ofSeconds(1)))) {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < 3; i++) {
                b.broker().limits().loginFailed("guess-" + i, loopback);
            }
            assertThat(connackCode(b, V5, "ok", null)).isZero();
            b.broker().limits().loginFailed("guess-3", loopback);
            assertThat(connackCode(b, V5, "ok", null)).isEqualTo(-1);
            assertThat(b.broker().limits().banList().list()).extracting(BanRule::source).containsExactly("login_failures");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> connackCode(b, V5, "ok", null) == 0);
        }
    }
}
