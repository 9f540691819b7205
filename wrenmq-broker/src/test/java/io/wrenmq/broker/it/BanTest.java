package io.wrenmq.broker.it;

import static io.wrenmq.broker.it.RawMqttClient.CONNACK;
import static io.wrenmq.broker.it.RawMqttClient.V311;
import static io.wrenmq.broker.it.RawMqttClient.V5;
import static io.wrenmq.broker.it.RawMqttClient.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.it.RawMqttClient.Frame;
import io.wrenmq.broker.limits.BanList;
import io.wrenmq.broker.limits.BanRule;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** A v5 client whose disconnection cause completes {@code cause}; connected before it returns. */
    private static Mqtt5BlockingClient v5(TestBroker b, String clientId, String username,
            CompletableFuture<Throwable> cause) {
        var builder = Mqtt5Client.builder().identifier(clientId).serverHost(b.host()).serverPort(b.port())
                .addDisconnectedListener(ctx -> cause.complete(ctx.getCause()));
        if (username != null) {
            builder.simpleAuth().username(username).password("pw".getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        Mqtt5BlockingClient c = builder.buildBlocking();
        c.connect();
        return c;
    }

    private static void assertClosedByBan(CompletableFuture<Throwable> cause) throws Exception {
        Throwable t = cause.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) t).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION); // 0x98: DISCONNECT has no "banned"
    }

    /** A ban added while the client is connected closes its connection at once; the others stay. */
    @Test
    void aRuntimeBanClosesTheConnectionsItNames() throws Exception {
        try (TestBroker b = TestBroker.start(c -> { })) {
            CompletableFuture<Throwable> byId = new CompletableFuture<>();
            CompletableFuture<Throwable> byName = new CompletableFuture<>();
            CompletableFuture<Throwable> bystander = new CompletableFuture<>();
            v5(b, "victim", null, byId);
            v5(b, "other-id", "eve", byName);
            Mqtt5BlockingClient stays = v5(b, "bystander", "bob", bystander);
            MqttClient paho = new MqttClient(b.uri(), "paho-v3", new MemoryPersistence());
            paho.connect();

            b.broker().limits().banList().add(BanRule.clientId("victim", null, "test", "api"));
            assertClosedByBan(byId);
            b.broker().limits().banList().add(BanRule.username("eve", null, "test", "api"));
            assertClosedByBan(byName);
            assertThat(connackCode(b, V5, "victim", null)).isEqualTo(0x8A); // and it stays out

            assertThat(stays.getState().isConnected()).isTrue();
            assertThat(paho.isConnected()).isTrue();
            // an address ban covers every client from it, v3 ones included (closed without a DISCONNECT)
            b.broker().limits().banList().add(BanRule.ipAddress("127.0.0.0/8", Instant.now().plusSeconds(60), null, "api"));
            assertClosedByBan(bystander);
            await().atMost(Duration.ofSeconds(10)).until(() -> !paho.isConnected());
            paho.close();
        }
    }

    /** An expired rule added by the API is stored for the list but closes nobody. */
    @Test
    void anAlreadyExpiredBanClosesNobody() throws Exception {
        try (TestBroker b = TestBroker.start(c -> { })) {
            CompletableFuture<Throwable> cause = new CompletableFuture<>();
            Mqtt5BlockingClient c = v5(b, "lucky", null, cause);
            b.broker().limits().banList().add(BanRule.clientId("lucky", Instant.now().minusSeconds(1), null, "api"));
            for (int i = 0; i < 2; i++) { // two PUBACK round trips: any close queued by the add would have run
                c.publishWith().topic("still/here").qos(MqttQos.AT_LEAST_ONCE).send();
            }
            assertThat(cause).isNotDone();
            assertThat(c.getState().isConnected()).isTrue();
            c.disconnect();
        }
    }
}
