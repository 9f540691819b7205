package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.auth.AuthResult;
import io.wrenmq.broker.auth.http.HttpAuthConfig;
import io.wrenmq.broker.auth.http.HttpRequestSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP authentication against a real HTTP server: allow, deny, superuser, GET/POST/JSON, placeholders, errors, slowness. */
@Timeout(30)
class HttpAuthTest {
    private static final Map<String, String> PARAMS = Map.of("clientid", "%c", "username", "%u", "password", "%P",
            "ipaddress", "%a", "protocol", "%r", "sockport", "%p", "cn", "%C", "mountpoint", "%m");
    private AuthHttpServer http;
    private TestBroker broker;

    @BeforeEach
    void startHttp() throws Exception {
        http = new AuthHttpServer().answer(r -> switch (r.params().getOrDefault("username", "")) {
            case "deny" -> 403;
            case "broken" -> 503;
            case "slow" -> AuthHttpServer.HOLD;
            default -> r.path().equals("/super") && !"root".equals(r.params().get("username")) ? 404 : 200;
        });
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
        http.close();
    }

    private void start(Consumer<HttpAuthConfig> tweak) {
        HttpAuthConfig h = new HttpAuthConfig().enable(true).authReq(HttpRequestSpec.post(http.url("/auth"), PARAMS));
        tweak.accept(h);
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).http(h));
    }

    private CompletableFuture<Mqtt5ConnAck> connectAsync(String id, String user, String password) {
        Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .buildAsync();
        return c.connect().whenComplete((ack, e) -> {
            if (e == null) {
                c.disconnect();
            }
        });
    }

    private Mqtt5ConnAckReasonCode connect(String id, String user, String password) throws Exception {
        try {
            return connectAsync(id, user, password).get(10, TimeUnit.SECONDS).getReasonCode();
        } catch (java.util.concurrent.ExecutionException e) {
            return ((Mqtt5ConnAckException) e.getCause()).getMqttMessage().getReasonCode();
        }
    }

    @Test
    void postFormAllowsOn2xxAndDeniesOn4xxWithEveryPlaceholderExpanded() throws Exception {
        start(h -> { });
        assertThat(connect("dev-1", "alice", "p&ss=1")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        AuthHttpServer.Request r = http.requests.poll(5, TimeUnit.SECONDS);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(r.params()).containsEntry("clientid", "dev-1").containsEntry("username", "alice")
                .containsEntry("password", "p&ss=1").containsEntry("ipaddress", "127.0.0.1").containsEntry("protocol", "5")
                .containsEntry("sockport", String.valueOf(broker.port())).containsEntry("cn", "").containsEntry("mountpoint", "");
        assertThat(connect("dev-2", "deny", "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(broker.broker().metrics().authFailures.sum()).isEqualTo(1);
    }

    /** v3.1.1: a 4xx is CONNACK return code 4 for Paho. */
    @Test
    void pahoV3IsRefusedWithReturnCode4() throws Exception {
        start(h -> { });
        MqttClient c = new MqttClient(broker.uri(), "paho", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("deny");
        o.setPassword("x".toCharArray());
        try {
            c.connect(o);
            throw new AssertionError("connected");
        } catch (MqttException e) {
            assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        } finally {
            c.close();
        }
        assertThat(http.requests.poll(5, TimeUnit.SECONDS).params()).containsEntry("protocol", "4");
    }

    @Test
    void getSendsAQueryStringAndJsonContentTypeSendsJson() throws Exception {
        start(h -> h.authReq(HttpRequestSpec.get(http.url("/auth?fixed=1"), Map.of("u", "%u", "c", "%c"))));
        assertThat(connect("g-1", "gina", "pw")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        AuthHttpServer.Request r = http.requests.poll(5, TimeUnit.SECONDS);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.params()).containsEntry("fixed", "1").containsEntry("u", "gina").containsEntry("c", "g-1");
        broker.close();
        start(h -> h.authReq(HttpRequestSpec.post(http.url("/auth"), Map.of("username", "%u", "password", "%P"))
                .withHeaders(Map.of("Content-Type", "application/json", "X-Client", "%c"))));
        assertThat(connect("j-1", "jo\"e", "pw")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        r = http.requests.poll(5, TimeUnit.SECONDS);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).contains("\"username\":\"jo\\\"e\"").contains("\"password\":\"pw\"");
    }

    @Test
    void superReq2xxMakesASuperuser() throws Exception {
        start(h -> h.superReq(HttpRequestSpec.post(http.url("/super"), Map.of("username", "%u"))));
        var root = Mqtt5Client.builder().identifier("s-root").serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username("root").password(new byte[] {1}).applySimpleAuth().buildBlocking();
        var bob = Mqtt5Client.builder().identifier("s-bob").serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username("bob").password(new byte[] {1}).applySimpleAuth().buildBlocking();
        root.connect();
        bob.connect();
        assertThat(broker.broker().sessions().get("s-root").identity().superuser()).isTrue();
        assertThat(broker.broker().sessions().get("s-root").identity().username()).isEqualTo("root");
        assertThat(broker.broker().sessions().get("s-bob").identity().superuser()).isFalse();
        root.disconnect();
        bob.disconnect();
    }

    @Test
    void errorsAndTimeoutsFollowErrorAction() throws Exception {
        // "ignore": the next authenticator decides (here one that lets everybody in)
        HttpAuthConfig ignore = new HttpAuthConfig().enable(true).timeout(Duration.ofMillis(300))
                .authReq(HttpRequestSpec.post(http.url("/auth"), PARAMS));
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).http(ignore)
                .addAuthenticator(r -> CompletableFuture.completedFuture(AuthResult.allow())));
        assertThat(connect("e-1", "broken", "x")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect("e-2", "slow", "x")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS); // timed out after 300 ms
        broker.close();
        HttpAuthConfig deny = new HttpAuthConfig().enable(true).timeout(Duration.ofMillis(300))
                .errorAction(HttpAuthConfig.ErrorAction.DENY).authReq(HttpRequestSpec.post(http.url("/auth"), PARAMS));
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).http(deny)
                .addAuthenticator(r -> CompletableFuture.completedFuture(AuthResult.allow())));
        assertThat(connect("e-3", "broken", "x")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(connect("e-4", "slow", "x")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        // a refused connection (nothing listens) is an error too
        http.close();
        assertThat(connect("e-5", "alice", "x")).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    /**
     * A client that leaves while its HTTP check is pending: the late answer is dropped. Were it applied, the
     * session would be attached to a closed connection and the will of a client nobody authenticated published.
     */
    @Test
    void aLateAnswerForAClientThatLeftIsDroppedAndItsWillNeverSent() throws Exception {
        start(h -> h.timeout(Duration.ofSeconds(10)));
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        var sub = Mqtt5Client.builder().identifier("watcher").serverHost("127.0.0.1").serverPort(broker.port())
                .simpleAuth().username("alice").password(new byte[] {1}).applySimpleAuth().buildBlocking();
        sub.connect();
        sub.toAsync().subscribeWith().topicFilter("wills/#").callback(p -> seen.add(p.getTopic().toString())).send()
                .get(5, TimeUnit.SECONDS);
        try (RawMqttClient raw = RawMqttClient.open(broker.port())) {
            raw.send(RawMqttClient.connect(RawMqttClient.V5).clientId("gone").user("slow", "x")
                    .will(RawMqttClient.WillSpec.of("wills/gone", "bye", 0, false)).build());
            await().atMost(Duration.ofSeconds(5)).until(() -> http.requests.stream()
                    .anyMatch(r -> "gone".equals(r.params().get("clientid"))));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().metrics().connectionsOpen.get() == 1);
        http.release();
        // the released answer (200) goes first through the same HTTP client; then a marker through the broker
        assertThat(connect("after", "alice", "x")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        sub.publishWith().topic("wills/marker").send();
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("wills/marker");
        assertThat(seen).isEmpty();
        assertThat(broker.broker().sessions().get("gone")).isNull();
        sub.disconnect();
    }

    @Test
    void bodyIgnoreMeansNoOpinion() throws Exception {
        http.body("ignore");
        start(h -> { });
        // nobody else knows the user: refused as an unknown user
        assertThat(connect("i-1", "alice", "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aSlowHttpServerDelaysNeitherConcurrentConnectsNorClientsThatDoNotNeedIt() throws Exception {
        HttpAuthConfig h = new HttpAuthConfig().enable(true).timeout(Duration.ofSeconds(10))
                .authReq(HttpRequestSpec.post(http.url("/auth"), PARAMS));
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).http(h)
                .plaintextPasswords(Map.of("local", "pw"), "test"));
        CompletableFuture<Mqtt5ConnAck> slow = connectAsync("slow-1", "slow", "x");
        await().atMost(Duration.ofSeconds(5)).until(() -> http.requests.stream().anyMatch(r ->
                "slow".equals(r.params().get("username"))));
        long t0 = System.nanoTime();
        // a concurrent connect that also asks the HTTP service, and one the password list answers
        assertThat(connect("fast-1", "alice", "x")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect("local-1", "local", "pw")).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(slow).isNotDone();
        http.release();
        assertThat(slow.get(10, TimeUnit.SECONDS).getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }
}
