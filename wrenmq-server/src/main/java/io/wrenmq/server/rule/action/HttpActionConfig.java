package io.wrenmq.server.rule.action;

import io.wrenmq.server.outbound.OutboundHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code rules.http.<name> { url, method, headers, body, batch, timeout, rules = [{sql}] }}: rows POSTed (or PUT,
 * PATCH) to a URL, like the WebHooks.
 *
 * @param body    a template with {@code ${field}} placeholders; null or empty: the row as a JSON object
 * @param batch   false: one request per row; true: one request per batch whose body is a JSON array of the
 *                rendered rows (so the template, if any, must render JSON)
 * @param timeout the longest one request may take before it is retried
 */
public record HttpActionConfig(String name, URI url, String method, Map<String, String> headers, String body,
        boolean batch, Duration timeout) {
    public static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public HttpActionConfig {
        if (name == null || name.isBlank()) {
            throw new InvalidActionConfig("name", "is empty", "the block's name, e.g. rules.http.collector");
        }
        if (url == null || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new InvalidActionConfig("url", url == null ? "is missing" : "'" + url + "' is not an http(s) URL",
                    "e.g. http://127.0.0.1:8080/rows");
        }
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidActionConfig("method", "'" + method + "' is not one of POST, PUT, PATCH", "POST");
        }
        headers = Map.copyOf(headers);
        for (String h : headers.keySet()) {
            if (OutboundHttp.RESTRICTED_HEADERS.contains(h.toLowerCase(Locale.ROOT))) {
                throw new InvalidActionConfig("headers." + h, "is set by the HTTP client itself",
                        "leave it out; e.g. Authorization or Content-Type may be set");
            }
        }
        BodyTemplate.parse(body); // refuses a broken template at configuration time
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidActionConfig("timeout", "must be positive", "e.g. 5s");
        }
    }

    /** POST the row as JSON, one request per row. */
    public static HttpActionConfig post(String name, URI url) {
        return new HttpActionConfig(name, url, "POST", Map.of(), null, false, DEFAULT_TIMEOUT);
    }
}
