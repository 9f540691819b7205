package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.wrenmq.broker.auth.AuthResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The authenticator chain with embedder-supplied authenticators: order, overrides, failures, a hung one. */
@Timeout(30)
class AuthChainTest {
    private TestBroker broker;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Mqtt5ConnAckReasonCode connect(String id, String user, String password, boolean stay) {
        var b = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port());
        if (user != null) {
            b.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        Mqtt5BlockingClient c = b.buildBlocking();
        try {
            Mqtt5ConnAckReasonCode code = c.connect().getReasonCode();
            if (!stay) {
                c.disconnect();
            }
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void theFirstAllowOrDenyWinsInConfiguredOrder() {
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false)
                .plaintextPasswords(Map.of("file-user", "pw"), "test")
                .addAuthenticator(r -> {
                    asked.add("first:" + r.username());
                    return "ops".equals(r.username()) ? CompletableFuture.completedFuture(AuthResult.allowAs("operator", true))
                            : "blocked".equals(r.username()) ? CompletableFuture.completedFuture(AuthResult.notAuthorized("blocked"))
                            : AuthResult.ignoreFuture();
                })
                .addAuthenticator(r -> {
                    asked.add("second:" + r.username());
                    return CompletableFuture.completedFuture(AuthResult.allow());
                }));
        assertThat(connect("a", "file-user", "pw", false)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connect("b", "file-user", "bad", false)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(asked).isEmpty(); // the password list decided both
        assertThat(connect("c", "blocked", "x", false)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(connect("d", "someone", "x", false)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(asked).containsExactly("first:blocked", "first:someone", "second:someone");
        assertThat(connect("e", "ops", "x", true)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        var identity = broker.broker().sessions().get("e").identity();
        assertThat(identity.username()).isEqualTo("operator");
        assertThat(identity.superuser()).isTrue();
    }

    @Test
    void aFailingAuthenticatorRefusesWith0x87() {
        broker = TestBroker.start(c -> c.auth().addAuthenticator(r -> {
            throw new IllegalStateException("directory down");
        }).addAuthenticator(r -> CompletableFuture.failedFuture(new IllegalStateException("async failure"))));
        assertThat(connect("x", "u", "p", false)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void anAuthenticatorThatNeverAnswersIsCutOffByTheConnectTimeout() {
        broker = TestBroker.start(c -> c.connectTimeout(Duration.ofMillis(500))
                .auth().addAuthenticator(r -> new CompletableFuture<>()));
        long t0 = System.nanoTime();
        assertThat(connect("hung", "u", "p", false)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }
}
