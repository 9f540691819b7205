package io.wrenmq.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver for WebHook tests (the JDK's HttpServer on 127.0.0.1): records every request's headers and
 * parsed JSON body, answers with the status {@code statusForRequest} gives (by request number, 1-based), and can
 * hang every request until {@link #close()} (a receiver that is up but never answers). Public for the bridge tests,
 * which check the bridge link's client events.
 */
public final class HookReceiver implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, Headers headers, JsonNode body, String raw) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntUnaryOperator statusForRequest = n -> 200;
    private volatile boolean hang;

    public HookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                String raw = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int n = count.incrementAndGet();
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), JSON.readTree(raw), raw));
                if (hang) {
                    release.await(30, TimeUnit.SECONDS);
                }
                exchange.sendResponseHeaders(statusForRequest.applyAsInt(n), -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    HookReceiver answering(IntUnaryOperator status) {
        this.statusForRequest = status;
        return this;
    }

    HookReceiver hanging() {
        this.hang = true;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The bodies received with this action, in arrival order. */
    public List<JsonNode> bodies(String action) {
        return requests.stream().map(Request::body).filter(b -> action.equals(b.path("action").asText())).toList();
    }

    int count() {
        return count.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
