package io.wrenmq.broker.auth.http;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One of {@code auth_req}, {@code super_req}, {@code acl_req}: where to send the request and what it carries.
 * Header and parameter values may hold NanoMQ's placeholders ({@code %u %c %a %r %P %p %C %d %A %t %m}).
 *
 * @param method  GET sends the parameters as a query string; POST sends them as the body, form-encoded, or
 *                JSON when the content-type header says application/json
 */
public record HttpRequestSpec(URI url, Method method, Map<String, String> headers, Map<String, String> params) {
    /** {@code method = post | get}. */
    public enum Method { GET, POST }

    public HttpRequestSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("url must be http:// or https://: " + url);
        }
        headers = Map.copyOf(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    public static HttpRequestSpec post(String url, Map<String, String> params) {
        return new HttpRequestSpec(URI.create(url), Method.POST, Map.of(), params);
    }

    public static HttpRequestSpec get(String url, Map<String, String> params) {
        return new HttpRequestSpec(URI.create(url), Method.GET, Map.of(), params);
    }

    public HttpRequestSpec withHeaders(Map<String, String> value) {
        return new HttpRequestSpec(url, method, value, params);
    }

    boolean json() {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("content-type")) {
                return h.getValue().toLowerCase(Locale.ROOT).contains("json");
            }
        }
        return false;
    }
}
