package io.wrenmq.broker.auth.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * Sends auth/ACL requests with the JDK HTTP client, asynchronously: no broker thread ever waits for a
 * response. At most {@code pool_size} requests are in flight; more wait in a bounded queue, and beyond it a
 * request fails at once (the caller applies error_action), so a slow service cannot pile up unbounded work.
 */
final class HttpCaller {
    private static final int MAX_BODY_LOGGED = 200;
    /** Bytes of a response body read; the rest is dropped (see {@link LimitedBody}). */
    static final int MAX_BODY = 4096;

    private final HttpAuthConfig config;
    private final HttpClient client;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    HttpCaller(HttpAuthConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The status and body of the answer; completes exceptionally on timeout, refused connection or overload. */
    CompletableFuture<HttpResponse<String>> call(HttpRequestSpec spec, Placeholders values) {
        HttpRequest request = build(spec, values, config.timeout());
        CompletableFuture<HttpResponse<String>> result = new CompletableFuture<>();
        Runnable send = () -> client.sendAsync(request, LimitedBody.handler(MAX_BODY))
                .whenComplete((response, error) -> {
                    release();
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(response);
                    }
                });
        boolean now;
        synchronized (this) {
            now = inFlight < config.poolSize();
            if (now) {
                inFlight++;
            } else if (waiting.size() < config.maxQueued()) {
                waiting.add(send);
                return result;
            } else {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "too many HTTP auth requests waiting (" + waiting.size() + ")"));
            }
        }
        send.run();
        return result;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run(); // the slot passes to the next waiting request
        }
    }

    static HttpRequest build(HttpRequestSpec spec, Placeholders values, Duration timeout) {
        String url = values.expandUrl(spec.url().toString());
        HttpRequest.Builder b;
        if (spec.method() == HttpRequestSpec.Method.GET) {
            String query = form(spec.params(), values);
            String sep = url.contains("?") ? "&" : "?";
            b = HttpRequest.newBuilder(URI.create(query.isEmpty() ? url : url + sep + query)).GET();
        } else {
            boolean json = spec.json();
            String body = json ? json(spec.params(), values) : form(spec.params(), values);
            b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
            if (!hasHeader(spec, "content-type")) {
                b.header("Content-Type", "application/x-www-form-urlencoded");
            }
        }
        for (Map.Entry<String, String> h : spec.headers().entrySet()) {
            b.header(h.getKey(), values.expand(h.getValue()));
        }
        return b.timeout(timeout).build();
    }

    private static boolean hasHeader(HttpRequestSpec spec, String name) {
        return spec.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    private static String form(Map<String, String> params, Placeholders values) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(encode(k) + "=" + encode(values.expand(v))));
        return j.toString();
    }

    private static String json(Map<String, String> params, Placeholders values) {
        StringJoiner j = new StringJoiner(",", "{", "}");
        params.forEach((k, v) -> j.add(quote(k) + ":" + quote(values.expand(v))));
        return j.toString();
    }

    /** Percent-encoding valid in a path, a query and a form body alike (a space is %20, never '+'). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A short form of a response body for a log line. */
    static String abbreviate(String body) {
        String s = body == null ? "" : body.strip();
        return s.length() <= MAX_BODY_LOGGED ? s : s.substring(0, MAX_BODY_LOGGED) + "...";
    }
}
