package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every API request is authenticated: HTTP Basic (configured or generated password) or an RS256 JWT. */
@Timeout(60)
class HttpApiAuthTest {
    @TempDir
    Path dir;

    @Test
    void basicAuthAcceptsTheConfiguredPasswordAndRefusesOthersWithJson() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(200);

            api.authorization = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> wrong = api.get("/api/v4/brokers");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(ApiFixture.json(wrong).get("code").asInt()).isEqualTo(ApiException.WRONG_USERNAME_OR_PASSWORD);
            assertThat(ApiFixture.json(wrong).get("message").asText()).contains("wrong username or password");
            assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/json");

            api.authorization = null;
            HttpResponse<String> none = api.get("/api/v4/brokers");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(ApiFixture.json(none).get("message").asText()).contains("authentication required");
            // The Prometheus path is protected too.
            assertThat(api.get("/metrics").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void withoutAPasswordOneIsGeneratedOwnerOnlyAndReusedByTheNextStart() throws Exception {
        Path file = dir.resolve(GeneratedPassword.FILE);
        String first;
        try (ApiFixture api = ApiFixture.startRaw(dir, "")) {
            assertThat(file).exists();
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
            first = Files.readString(file).trim();
            assertThat(first).hasSizeGreaterThanOrEqualTo(32);
            api.authorization = null;
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(401);
            api.authorization = basic("admin", first);
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(200);
            api.authorization = basic("admin", "public"); // NanoMQ's default must not work
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(401);
        }
        try (ApiFixture again = ApiFixture.startRaw(dir, "")) {
            assertThat(Files.readString(file).trim()).isEqualTo(first);
            again.authorization = basic("admin", first);
            assertThat(again.get("/api/v4/brokers").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void jwtAuthChecksSignatureIssuerAndExpiry() throws Exception {
        KeyPair keys = writeJwtKey(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair other = g.generateKeyPair();
        long now = System.currentTimeMillis() / 1000;
        try (ApiFixture api = ApiFixture.startRaw(dir,
                "http_server { auth_type = jwt, jwt.public.keyfile = \"jwt_pub.pem\" }\n")) {
            api.authorization = "Bearer " + token(keys.getPrivate(), "RS256", "jwt_pub.pem", now + 600);
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(200);

            api.authorization = "Bearer " + token(keys.getPrivate(), "RS256", "jwt_pub.pem", now - 10);
            HttpResponse<String> expired = api.get("/api/v4/brokers");
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(ApiFixture.json(expired).get("code").asInt()).isEqualTo(ApiException.TOKEN_EXPIRED);

            api.authorization = "Bearer " + token(keys.getPrivate(), "RS256", "someone-else", now + 600);
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(401);

            api.authorization = "Bearer " + token(other.getPrivate(), "RS256", "jwt_pub.pem", now + 600);
            assertThat(ApiFixture.json(api.get("/api/v4/brokers")).get("message").asText()).contains("signature");

            // alg "none" with an empty signature must never pass (algorithm confusion).
            String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            String claims = b64("{\"iss\":\"jwt_pub.pem\",\"exp\":" + (now + 600) + "}");
            api.authorization = "Bearer " + header + "." + claims + ".";
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(401);

            api.authorization = basic("admin", "anything");
            assertThat(api.get("/api/v4/brokers").statusCode()).isEqualTo(401);
        }
    }

    /** A new RSA key pair whose public key is written to {@code dir/jwt_pub.pem} (the tokens' iss). */
    static KeyPair writeJwtKey(Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair keys = g.generateKeyPair();
        Files.writeString(dir.resolve("jwt_pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return keys;
    }

    static String token(PrivateKey key, String alg, String iss, long exp) throws Exception {
        String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + iss + "\",\"iat\":" + (exp - 700) + ",\"exp\":" + exp + "}");
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
