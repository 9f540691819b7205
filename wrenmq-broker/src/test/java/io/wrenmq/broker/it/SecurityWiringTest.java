package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.wrenmq.broker.auth.http.HttpAuthConfig;
import io.wrenmq.broker.auth.http.HttpRequestSpec;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of issue #5 working together in one broker: the HTTP {@code acl_req} authorizer is asked after the
 * ACL chain (publish denied with 0x87, subscribe denied with 0x87, superusers never asked), and failed logins
 * feed the ban list (an address with too many failed logins is closed at accept).
 */
@Timeout(60)
class SecurityWiringTest {
    @TempDir
    Path dir;
    private AuthHttpServer http;
    private TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private Mqtt5BlockingClient client(String id, String user) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username(user).password("pw".getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildBlocking();
    }

    @Test
    void httpAclReqDecidesPublishAndSubscribeAndSuperusersSkipIt() throws Exception {
        http = new AuthHttpServer().answer(r -> switch (r.path()) {
            case "/super" -> "root".equals(r.params().get("username")) ? 200 : 404;
            case "/acl" -> r.params().getOrDefault("topic", "").startsWith("secret/") ? 403 : 200;
            default -> 200; // /auth: everyone may connect
        });
        HttpAuthConfig h = new HttpAuthConfig().enable(true)
                .authReq(HttpRequestSpec.post(http.url("/auth"), Map.of("username", "%u")))
                .superReq(HttpRequestSpec.post(http.url("/super"), Map.of("username", "%u")))
                .aclReq(HttpRequestSpec.post(http.url("/acl"), Map.of("username", "%u", "topic", "%t", "access", "%A")));
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).http(h));

        Mqtt5BlockingClient alice = client("alice-1", "alice");
        alice.connect();
        try {
            alice.publishWith().topic("open/x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            try {
                alice.publishWith().topic("secret/x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {2}).send();
                throw new AssertionError("the HTTP acl_req denial was not applied to PUBLISH");
            } catch (Mqtt5PubAckException e) {
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            }
            try {
                alice.subscribeWith().topicFilter("secret/#").qos(MqttQos.AT_LEAST_ONCE).send();
                throw new AssertionError("the HTTP acl_req denial was not applied to SUBSCRIBE");
            } catch (Mqtt5SubAckException e) {
                assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            }
        } finally {
            alice.disconnect();
        }
        assertThat(http.requests).anySatisfy(r -> {
            assertThat(r.path()).isEqualTo("/acl");
            assertThat(r.params()).containsEntry("topic", "secret/x").containsEntry("access", "2"); // %A 2 = publish
        });

        http.requests.clear();
        Mqtt5BlockingClient root = client("root-1", "root");
        root.connect();
        try {
            root.publishWith().topic("secret/x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {3}).send();
        } finally {
            root.disconnect();
        }
        assertThat(http.requests).as("a superuser skips acl_req").noneMatch(r -> r.path().equals("/acl"));
    }

    /** No password file, no HTTP auth: a username proves nothing, so the client is anonymous (Mosquitto's rule). */
    @Test
    void withoutAnAuthenticatorAClientWithAUsernameIsAnonymous() throws Exception {
        broker = TestBroker.start(c -> { }); // loopback only: allow_anonymous defaults to true
        Mqtt5BlockingClient c = client("named", "anyone");
        assertThat(c.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(broker.broker().sessions().get("named").identity().username()).isEqualTo("anyone");
        c.disconnect();
        broker.close();
        broker = TestBroker.start(cfg -> cfg.auth().allowAnonymous(false));
        try {
            client("named", "anyone").connect();
            throw new AssertionError("connected although anonymous clients are refused");
        } catch (Mqtt5ConnAckException e) {
            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    void failedLoginsBanTheAddressThroughTheFlappingRule() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "alice:$7$1000$c2FsdHNhbHRzYWx0$"
                + java.util.Base64.getEncoder().encodeToString(new byte[64]) + "\n");
        broker = TestBroker.start(c -> {
            c.auth().allowAnonymous(false).passwordFile(passwd).throttleMaxFailures(0); // no delays: faster test
            c.limits().flappingMaxCount(3).flappingBanTime(Duration.ofMinutes(5));
        });
        for (int i = 0; i < 4; i++) {
            try {
                client("guess-" + i, "alice").connect();
                throw new AssertionError("a wrong password was accepted");
            } catch (Mqtt5ConnAckException e) {
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            }
        }
        // Over max_count failed logins from 127.0.0.1: the address is banned, new sockets are closed at accept.
        await().atMost(Duration.ofSeconds(5)).until(() -> closedAtAccept(broker.port()));
        assertThat(broker.broker().limits().banList().list()).anySatisfy(b -> assertThat(b.toString()).contains("127.0.0.1"));
    }

    private static boolean closedAtAccept(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
            return true; // reset by the broker
        }
    }
}
