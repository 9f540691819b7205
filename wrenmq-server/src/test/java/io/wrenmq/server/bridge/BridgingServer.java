package io.wrenmq.server.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wrenmq.server.RestCalls;
import io.wrenmq.server.WrenServer;
import io.wrenmq.server.config.ConfigLayer;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real local {@link WrenServer} (MQTT and the REST API on ephemeral loopback ports, memory persistence) with the
 * given bridges, as `wrenmq start` runs it: the file holds the rest of the configuration ({@code extra}: WebHooks,
 * $SYS), the bridges are given as records until the file reader for bridges.mqtt is merged. Plus a JDK HttpClient for
 * the REST API.
 */
final class BridgingServer implements AutoCloseable {
    static final String PASSWORD = "s3cret-test";
    static final String NODE = "edge@127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    final WrenServer server;
    private final RestCalls rest = new RestCalls(this::restPort, PASSWORD);

    BridgingServer(Path dir, String extra, BridgeCacheConfig cache, BridgeConfig... bridges) throws Exception {
        Path conf = Files.writeString(dir.resolve("wrenmq.conf"), "listeners.tcp { bind = \"127.0.0.1:0\" }\n"
                + "persistence.type = memory\nsystem.node_name = \"" + NODE + "\"\nsystem.sys_interval = 0s\n"
                + "http_server { enable = true, port = 0, password = \"" + PASSWORD + "\" }\n" + extra);
        ServerConfig file = BrokerRuntime.load(conf, Map.of(), ConfigLayer.empty(), dir);
        ServerConfig config = new ServerConfig(file.broker(), file.httpServer(), file.log(), file.notices(), file.source(),
                file.webhooks(), file.process(), new BridgesConfig(List.of(bridges), cache), file.rules(),
                file.gateways());
        server = WrenServer.builder().configFile(conf).env(Map.of()).baseDir(dir).loaded(config).build();
        server.start();
    }

    private int restPort() {
        return server.httpPort().orElseThrow();
    }

    int mqttPort() {
        return server.broker().port();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return rest.send(method, path, body);
    }

    /** A request expected to answer 200; its JSON body. */
    JsonNode ok(String method, String path, String body) throws Exception {
        return rest.ok(method, path, body);
    }

    /** A loopback port nothing listens on once this returns: a bridge to it keeps connecting (refused). */
    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** GET /api/v4/bridges/{name}: the node of one bridge. */
    JsonNode bridge(String name) throws Exception {
        return ok("GET", "/api/v4/bridges/" + name, null).path("data").path("bridge").path("nodes").get(0);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
