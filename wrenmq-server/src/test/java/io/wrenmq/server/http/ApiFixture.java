package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.acl.AclLoader;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real broker (MQTT on an ephemeral loopback port, memory persistence) with the REST API on another
 * ephemeral loopback port, started from a real configuration file the way `wrenmq start` does it; plus a JDK
 * HttpClient that talks to it.
 */
final class ApiFixture implements AutoCloseable {
    static final String PASSWORD = "s3cret-test";

    final Path dir;
    final Path confFile;
    final BrokerRuntime runtime;
    final ReloadService reload;
    final HttpApiServer http;
    final AtomicInteger stopRequests = new AtomicInteger();
    /** Added to the dashboard sessions' clock, to see them expire without waiting. */
    final AtomicLong clockSkewMillis = new AtomicLong();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    /** A broker whose file holds {@code extra} after the test defaults (basic auth with {@link #PASSWORD}). */
    static ApiFixture start(Path dir, String extra) throws Exception {
        return new ApiFixture(dir, "http_server { password = \"" + PASSWORD + "\" }\n" + extra);
    }

    /** A broker whose file holds exactly the defaults below plus {@code conf} (no password unless it sets one). */
    static ApiFixture startRaw(Path dir, String conf) throws Exception {
        return new ApiFixture(dir, conf);
    }

    private ApiFixture(Path dir, String conf) throws Exception {
        this.dir = dir;
        this.confFile = dir.resolve("wrenmq.conf");
        Files.writeString(confFile, base() + conf);
        ServerConfig config = ConfigLoader.load(confFile, Map.of(), ConfigLayer.empty(), dir);
        BrokerRuntime.resolvePaths(config, dir);
        AclLoader.load(config.broker().acl(), dir);
        WrenBroker broker = new WrenBroker(config.broker());
        broker.start();
        runtime = new BrokerRuntime(config, broker, confFile, Map.of(), dir);
        runtime.onStopRequest(stopRequests::incrementAndGet);
        reload = new ReloadService(runtime);
        http = new HttpApiServer(runtime, reload, dir, () -> System.currentTimeMillis() + clockSkewMillis.get());
        http.start();
    }

    static String base() {
        return "listeners.tcp { bind = \"127.0.0.1:0\" }\npersistence.type = memory\nsystem.sys_interval = 0s\n"
                + "http_server { enable = true, port = 0 }\n";
    }

    WrenBroker broker() {
        return runtime.broker();
    }

    int mqttPort() {
        return runtime.broker().port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, Map.of());
    }

    /** A request with extra headers (a cookie, a CSRF token); Authorization as set in {@link #authorization}. */
    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send("DELETE", path, null);
    }

    /** GET, expecting 200; the parsed body. */
    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Override
    public void close() {
        http.close();
        runtime.broker().stop();
    }
}
