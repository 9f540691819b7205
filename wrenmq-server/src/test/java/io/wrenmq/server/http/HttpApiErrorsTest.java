package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every error is JSON {code, message} with a 4xx status that says what is wrong. */
@Timeout(60)
class HttpApiErrorsTest {
    @TempDir
    Path dir;

    @Test
    void unknownPathWrongMethodBadJsonMissingParameter() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "")) {
            HttpResponse<String> unknown = api.get("/api/v4/nope");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(ApiFixture.json(unknown).get("message").asText()).contains("/nope");
            assertThat(api.get("/elsewhere").statusCode()).isEqualTo(404);

            HttpResponse<String> method = api.send("PUT", "/api/v4/brokers", "{}");
            assertThat(method.statusCode()).isEqualTo(405);
            assertThat(ApiFixture.json(method).get("code").asInt()).isEqualTo(ApiException.METHOD_NOT_ALLOWED);
            assertThat(ApiFixture.json(method).get("message").asText()).contains("use GET");

            HttpResponse<String> badJson = api.post("/api/v4/mqtt/publish", "{\"topic\": ");
            assertThat(badJson.statusCode()).isEqualTo(400);
            assertThat(ApiFixture.json(badJson).get("code").asInt()).isEqualTo(ApiException.REQ_PARAMS_JSON_FORMAT_ILLEGAL);

            HttpResponse<String> missing = api.post("/api/v4/mqtt/publish", "{\"payload\": \"x\"}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(ApiFixture.json(missing).get("message").asText()).isEqualTo("missing parameter: topic");

            HttpResponse<String> badPaging = api.get("/api/v4/clients?_page=0");
            assertThat(badPaging.statusCode()).isEqualTo(400);
            assertThat(ApiFixture.json(badPaging).get("message").asText()).contains("_page");
        }
    }

    @Test
    void bodyLargerThanMaxBodyIs413() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "http_server.max_body = 1KB\n")) {
            String big = "{\"topic\": \"t\", \"payload\": \"" + "x".repeat(2000) + "\"}";
            HttpResponse<String> r = api.post("/api/v4/mqtt/publish", big);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(ApiFixture.json(r).get("code").asInt()).isEqualTo(ApiException.BODY_TOO_LARGE);
            assertThat(ApiFixture.json(r).get("message").asText()).contains("max_body");
            // A body just under the limit is fine.
            assertThat(api.post("/api/v4/mqtt/publish", "{\"topic\": \"t\", \"payload\": \"" + "x".repeat(900) + "\"}")
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void connectionsBeyondLimitConnAreRefusedWith503() throws Exception {
        try (ApiFixture api = ApiFixture.start(dir, "http_server.limit_conn = 1\n");
                Socket held = new Socket("127.0.0.1", api.http.port())) {
            // The held connection proves it is counted by getting an answer on it.
            OutputStream out = held.getOutputStream();
            out.write(("GET /api/v4/brokers HTTP/1.1\r\nHost: x\r\nAuthorization: " + api.authorization + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = held.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

            HttpResponse<String> refused = api.get("/api/v4/brokers");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(ApiFixture.json(refused).get("message").asText()).contains("limit_conn");
        }
    }
}
