package io.wrenmq.server.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Test helper: a free loopback port for the REST API of a `wrenmq start` run, and a Basic-auth GET against it. */
public final class ApiProbe {
    /** One client, so its kept-alive connection is reused (NanoMQ's nanomq.conf allows only limit_conn = 2). */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiProbe() {
    }

    /** A port nobody listens on right now (http_server.port must be known before start to be called). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** GET http://127.0.0.1:port + path with HTTP Basic {@code user:password}. */
    public static HttpResponse<String> get(int port, String path, String user, String password) throws Exception {
        return CLIENT.send(request(port, path, user, password).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST without a body, as {@link #get}. */
    public static HttpResponse<String> post(int port, String path, String user, String password) throws Exception {
        return CLIENT.send(request(port, path, user, password).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic);
    }
}
