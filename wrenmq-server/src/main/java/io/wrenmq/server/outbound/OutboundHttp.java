package io.wrenmq.server.outbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP client for outgoing requests (WebHooks, the rule engine's http action) on its own small pool of daemon
 * threads, so a slow receiver never holds a broker thread and the JVM can exit with requests in flight; and the one
 * request shape they send: a JSON body (unless the headers name another Content-Type), extra headers, a timeout.
 */
public final class OutboundHttp implements AutoCloseable {
    /** Headers the JDK client sets itself and refuses from callers; configuration rejects them up front. */
    public static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private final ExecutorService threads;
    private final HttpClient client;

    public OutboundHttp(String threadName, Duration connectTimeout) {
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(threads).build();
    }

    public HttpClient client() {
        return client;
    }

    /** {@code method} url with {@code body}; Content-Type application/json unless {@code headers} has one. */
    public static HttpRequest request(URI url, String method, Map<String, String> headers, Duration timeout,
            String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return b.build();
    }

    /** 2xx: the receiver took it. */
    public static boolean succeeded(HttpResponse<?> response) {
        return response.statusCode() / 100 == 2;
    }

    /** What went wrong, for logs and statistics: "HTTP 503" or the exception. */
    public static String failure(HttpResponse<?> response, Throwable error) {
        return error != null ? error.toString() : "HTTP " + response.statusCode();
    }

    /** Requests in flight finish or time out; no new ones are taken. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
