package io.wrenmq.broker.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP auth service on a loopback port (JDK HttpServer). Each request is recorded; the answer comes from
 * a function of the decoded parameters. A request whose answer is {@link #HOLD} waits until {@link #release()}
 * (a "slow server" without sleeping), bounded by 10 s. Public for the server module's tests (NanoMQ's http_auth
 * and webhook settings end to end).
 */
public final class AuthHttpServer implements AutoCloseable {
    static final int HOLD = -1;

    public record Request(String method, String path, String contentType, String body, Map<String, String> params) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    public final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Function<Request, Integer> status = r -> 200;
    private volatile String body = "";

    public AuthHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public AuthHttpServer answer(Function<Request, Integer> value) {
        this.status = value;
        return this;
    }

    AuthHttpServer body(String value) {
        this.body = value;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void release() {
        released.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            Map<String, String> params = new LinkedHashMap<>();
            String query = ex.getRequestURI().getRawQuery();
            decode(query, params);
            if ("POST".equals(ex.getRequestMethod()) && ct != null && ct.contains("form")) {
                decode(raw, params);
            }
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ct, raw, params);
            requests.add(r);
            int code = status.apply(r);
            if (code == HOLD) {
                released.await(10, TimeUnit.SECONDS);
                code = 200;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void decode(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            into.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
