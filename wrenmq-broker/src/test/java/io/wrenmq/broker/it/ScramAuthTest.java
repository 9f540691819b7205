package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import io.wrenmq.broker.auth.ScramCredential;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT 5 enhanced authentication (section 4.12) with SCRAM-SHA-256, driven by the HiveMQ client's enhanced auth
 * API. The client side is computed here with the JDK's own PBKDF2 (PBEKeySpec), independently of the broker's.
 */
@Timeout(30)
class ScramAuthTest {
    @TempDir
    Path dir;
    private TestBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A SCRAM-SHA-256 client (RFC 5802) as a HiveMQ enhanced auth mechanism. */
    static final class ScramClient implements Mqtt5EnhancedAuthMechanism {
        private final String method;
        private final String user;
        volatile String password;
        volatile boolean reauthVerified;
        private final String clientNonce = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(12));
        private String clientFirstBare;
        private byte[] expectedServerSignature;
        volatile boolean serverVerified;
        volatile Mqtt5ConnAckReasonCode rejected;

        ScramClient(String method, String user, String password) {
            this.method = method;
            this.user = user;
            this.password = password;
        }

        @Override
        public MqttUtf8String getMethod() {
            return MqttUtf8String.of(method);
        }

        @Override
        public int getTimeout() {
            return 10;
        }

        @Override
        public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect, Mqtt5EnhancedAuthBuilder auth) {
            clientFirstBare = "n=" + user + ",r=" + clientNonce;
            auth.data(("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder reply) {
            try {
                String serverFirst = text(auth.getData().orElseThrow());
                Map<String, String> a = attributes(serverFirst);
                if (!a.get("r").startsWith(clientNonce)) {
                    return CompletableFuture.completedFuture(false);
                }
                byte[] salt = Base64.getDecoder().decode(a.get("s"));
                int iterations = Integer.parseInt(a.get("i"));
                byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
                byte[] clientKey = hmac(salted, "Client Key");
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                String withoutProof = "c=biws,r=" + a.get("r");
                String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = new byte[clientKey.length];
                for (int i = 0; i < proof.length; i++) {
                    proof[i] = (byte) (clientKey[i] ^ signature[i]);
                }
                expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);
                reply.data((withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8));
                return CompletableFuture.completedFuture(true);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            String serverFinal = text(connAck.getEnhancedAuth().orElseThrow().getData().orElseThrow());
            serverVerified = serverFinal.equals("v=" + Base64.getEncoder().encodeToString(expectedServerSignature));
            return CompletableFuture.completedFuture(serverVerified);
        }

        @Override
        public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            rejected = connAck.getReasonCode();
        }

        @Override
        public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
            clientFirstBare = "n=" + user + ",r=" + clientNonce;
            auth.data(("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onServerReAuth(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder reply) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
            String serverFinal = text(auth.getData().orElseThrow());
            reauthVerified = serverFinal.equals("v=" + Base64.getEncoder().encodeToString(expectedServerSignature));
            return CompletableFuture.completedFuture(reauthVerified);
        }

        @Override
        public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
        }

        @Override
        public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        @Override
        public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        private static String text(ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static Map<String, String> attributes(String msg) {
            Map<String, String> m = new java.util.HashMap<>();
            for (String part : msg.split(",")) {
                m.put(part.substring(0, 1), part.substring(2));
            }
            return m;
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            return hmac(key, data.getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] hmac(byte[] key, byte[] data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }
    }

    private Mqtt5ConnAckReasonCode connect(ScramClient mechanism) {
        var c = Mqtt5Client.builder().identifier("scram-" + mechanism.user).serverHost("127.0.0.1").serverPort(broker.port())
                .enhancedAuth(mechanism).buildBlocking();
        try {
            Mqtt5ConnAckReasonCode code = c.connect().getReasonCode();
            assertThat(broker.broker().sessions().get("scram-" + mechanism.user).identity().username())
                    .as("the SCRAM user is the authenticated username").isEqualTo(mechanism.user);
            c.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void scramSucceedsAgainstAScramEntryAndTheClientVerifiesTheServer() throws Exception {
        String entry = ScramCredential.derive("s3cret".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                4096).encode();
        Path f = Files.writeString(dir.resolve("pw"), "sam:" + entry + "\n");
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).passwordFile(f));
        ScramClient good = new ScramClient("SCRAM-SHA-256", "sam", "s3cret");
        assertThat(connect(good)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(good.serverVerified).isTrue();
        ScramClient bad = new ScramClient("SCRAM-SHA-256", "sam", "guess");
        assertThat(connect(bad)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        ScramClient unknown = new ScramClient("SCRAM-SHA-256", "nobody", "guess");
        assertThat(connect(unknown)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(broker.broker().metrics().authFailures.sum()).isEqualTo(2);
    }

    @Test
    void scramWorksForNanomqPlaintextEntries() {
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).plaintextPasswords(Map.of("admin", "public"), "test"));
        ScramClient good = new ScramClient("SCRAM-SHA-256", "admin", "public");
        assertThat(connect(good)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(good.serverVerified).isTrue();
    }

    /** Section 4.12.1: AUTH 0x19 after CONNACK starts a new exchange; a failed one ends the connection. */
    @Test
    void reAuthenticationSucceedsAndAFailedOneDisconnects() throws Exception {
        broker = TestBroker.start(c -> c.auth().allowAnonymous(false).plaintextPasswords(Map.of("admin", "public"), "test"));
        ScramClient mechanism = new ScramClient("SCRAM-SHA-256", "admin", "public");
        var client = Mqtt5Client.builder().identifier("reauth").serverHost("127.0.0.1").serverPort(broker.port())
                .enhancedAuth(mechanism).buildAsync();
        client.connect().get(10, java.util.concurrent.TimeUnit.SECONDS);
        client.reauth().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(mechanism.reauthVerified).isTrue();
        assertThat(client.getState().isConnected()).isTrue();
        mechanism.password = "changed";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.reauth().get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !client.getState().isConnected());
        assertThat(broker.broker().metrics().authFailures.sum()).isEqualTo(1);
    }

    /** [MQTT-4.12.0-1]: an Authentication Method the server does not support gets CONNACK 0x8C. */
    @Test
    void anUnknownMethodIsRefusedWith0x8C() {
        broker = TestBroker.start(c -> c.auth().allowAnonymous(true).plaintextPasswords(Map.of("admin", "public"), "test"));
        assertThat(connect(new ScramClient("SCRAM-SHA-1", "admin", "public")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD);
        broker.close();
        broker = TestBroker.start(c -> c.auth().scram(false).plaintextPasswords(Map.of("admin", "public"), "test"));
        assertThat(connect(new ScramClient("SCRAM-SHA-256", "admin", "public")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD);
    }
}
