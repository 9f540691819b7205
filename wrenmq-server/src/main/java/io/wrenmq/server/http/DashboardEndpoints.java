package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.listener.ListenerConfig;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.server.http.dashboard.DashboardSessions;
import io.wrenmq.server.http.dashboard.LoginThrottle;
import io.wrenmq.server.http.dashboard.MetricsHistory;
import io.wrenmq.server.http.dashboard.StaticFiles;
import io.wrenmq.server.reload.BrokerRuntime;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The web dashboard's HTTP side (docs/dashboard.md): its files at {@code /} and {@code /dashboard/...}, and below
 * {@code /api/v4/dashboard}: login (the REST API's credentials into a session cookie), session, logout, the
 * charts' history and the running listeners. Everything else the dashboard shows comes from the REST API itself, with the cookie.
 */
final class DashboardEndpoints implements AutoCloseable {
    static final String LOGIN = HttpApiServer.PREFIX + "/dashboard/login";
    private static final String BELOW = HttpApiServer.PREFIX + "/dashboard/";
    /** Five wrong passwords from one address within a minute lock it out for five minutes. */
    static final int MAX_FAILURES = 5;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    private static final Duration LOCKOUT = Duration.ofMinutes(5);
    /**
     * Everything from this origin only: no inline script or style (so an injected string cannot run), no
     * framing (clickjacking), no plugins, forms post only here. The dashboard makes no external request at all.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** A Host header's host part that can go into the policy as it is: a name, IPv4 or bracketed IPv6. */
    private static final Pattern PLAIN_HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");

    private final BrokerRuntime runtime;
    private final ApiAuth auth;
    private final DashboardSessions sessions;
    private final LoginThrottle throttle = new LoginThrottle(MAX_FAILURES, FAILURE_WINDOW, LOCKOUT);
    private final StaticFiles files = new StaticFiles();
    private final MetricsHistory history;

    DashboardEndpoints(BrokerRuntime runtime, ApiAuth auth, DashboardSessions sessions) {
        this.runtime = runtime;
        this.auth = auth;
        this.sessions = sessions;
        this.history = new MetricsHistory(this::read);
    }

    /** Whether a request path is answered without authentication: the files and the login. */
    static boolean isPublic(String rawPath) {
        return StaticFiles.owns(rawPath) || rawPath.equals(LOGIN);
    }

    static boolean isDashboardApi(String rawPath) {
        return rawPath.startsWith(BELOW);
    }

    /** A file (GET or HEAD), with headers that keep the browser from guessing, caching stale code or framing it. */
    ApiResponse file(String method, String rawPath, HttpHeaders headers) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiException(405, ApiException.METHOD_NOT_ALLOWED, method + " is not allowed on " + rawPath + "; use GET");
        }
        StaticFiles.Asset a = files.find(rawPath)
                .orElseThrow(() -> ApiException.notFound("no such dashboard file: " + rawPath));
        return ApiResponse.bytes(200, a.contentType(), a.body())
                .withHeader("Cache-Control", "no-cache")
                .withHeader("Content-Security-Policy", csp(headers.get(HttpHeaderNames.HOST)))
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /**
     * {@link #CSP}, plus the broker's own WebSocket listeners for the MQTT client page: 'self' covers only this
     * origin (scheme, host and port), and a ws listener is another port. The page connects to the host it was
     * loaded from, so exactly {@code ws://<that host>:<port>} of each running ws (wss) listener is allowed, and
     * nothing on another host.
     */
    String csp(String hostHeader) {
        if (hostHeader == null) {
            return CSP;
        }
        String host = hostHeader.startsWith("[") || hostHeader.indexOf(':') < 0
                ? hostHeader.replaceFirst("(?<=])(:\\d+)$", "") : hostHeader.substring(0, hostHeader.indexOf(':'));
        if (!PLAIN_HOST.matcher(host).matches()) {
            return CSP;
        }
        StringBuilder origins = new StringBuilder();
        for (JsonNode l : listenersJson()) {
            String type = l.get("type").asText();
            if (type.equals("ws") || type.equals("wss")) {
                String bind = l.get("bind").asText();
                origins.append(' ').append(type).append("://").append(host).append(bind.substring(bind.lastIndexOf(':')));
            }
        }
        return CSP.replace("connect-src 'self'", "connect-src 'self'" + origins);
    }

    /**
     * {@code POST /api/v4/dashboard/login {"username", "password"}}: a session cookie and its CSRF token; 401 on
     * wrong credentials, 429 with Retry-After while the address is locked out.
     */
    ApiResponse login(String method, byte[] body, String address, HttpHeaders headers) {
        if (!method.equals("POST")) {
            throw new ApiException(405, ApiException.METHOD_NOT_ALLOWED, method + " is not allowed on " + LOGIN + "; use POST");
        }
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            return ApiResponse.error(new ApiException(429, ApiException.WRONG_USERNAME_OR_PASSWORD, "too many failed logins from "
                    + address + "; try again in " + wait + " s")).withHeader("Retry-After", Long.toString(wait));
        }
        ObjectNode o = Json.parseObject(body);
        String username = Json.text(o, "username");
        String password = Json.text(o, "password");
        try {
            auth.checkLogin(username, password);
        } catch (ApiException e) {
            throttle.failure(address);
            throw e;
        }
        throttle.success(address);
        DashboardSessions.Session s = sessions.create(username);
        history.touch();
        return withCookie(ApiResponse.json(sessionJson(s)), s, headers);
    }

    /**
     * One of the dashboard's endpoints below {@code /api/v4/dashboard/}; the list is what the OpenAPI document shows
     * and what {@link #handle} accepts (one source: they cannot drift apart).
     */
    record Endpoint(String method, String name, String summary, boolean hasBody) {
        String pattern() {
            return "/dashboard/" + name;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "login", "Dashboard: log in with the REST API's credentials {username, password}; answers a"
                    + " session cookie (HttpOnly, SameSite=Strict) and its CSRF token (send it as X-CSRF-Token on every"
                    + " request that changes something); 401 on wrong credentials, 429 + Retry-After while locked out", true),
            new Endpoint("GET", "session", "Dashboard: the cookie's session (username, csrf_token, expires_at)", false),
            new Endpoint("POST", "logout", "Dashboard: end the cookie's session and clear the cookie", false),
            new Endpoint("GET", "listeners", "Dashboard: the running listeners (type, bind, connections)", false),
            new Endpoint("GET", "webhooks", "Dashboard: the WebHook targets, their events and counters", false),
            new Endpoint("GET", "history", "Dashboard: the last hour of the overview charts (sampled while in use)", false));

    /** The dashboard's own endpoints after authentication; {@code session} is null for Basic/JWT requests. */
    ApiResponse handle(String method, String rawPath, DashboardSessions.Session session) {
        String what = rawPath.substring(BELOW.length());
        Endpoint e = ENDPOINTS.stream().filter(x -> x.name().equals(what) && !x.name().equals("login")).findFirst()
                .orElseThrow(() -> ApiException.notFound("no such endpoint: " + rawPath));
        if (!method.equals(e.method())) {
            throw new ApiException(405, ApiException.METHOD_NOT_ALLOWED,
                    method + " is not allowed on " + rawPath + "; use " + e.method());
        }
        return switch (what) {
            case "session" -> ApiResponse.json(sessionJson(requireSession(session)));
            case "logout" -> {
                sessions.remove(requireSession(session).id());
                yield ApiResponse.json(Json.object().put("code", 0)).withHeader(HttpHeaderNames.SET_COOKIE.toString(),
                        ServerCookieEncoder.STRICT.encode(cookie("", 0, false)));
            }
            case "listeners" -> ApiResponse.json(listenersJson());
            case "webhooks" -> ApiResponse.json(WebhookStatus.json(runtime.config().webhooks(), runtime.webhookMetrics()));
            case "history" -> {
                history.touch();
                yield ApiResponse.json(historyJson());
            }
            default -> throw new IllegalStateException("endpoint listed but not handled: " + what);
        };
    }

    /** A cookie-authenticated answer renews the cookie, as the session's idle timeout started again. */
    ApiResponse withCookie(ApiResponse r, DashboardSessions.Session s, HttpHeaders request) {
        // Secure when a TLS proxy in front says the browser speaks HTTPS (the server itself speaks plain HTTP).
        boolean secure = "https".equalsIgnoreCase(request.get("X-Forwarded-Proto"));
        return r.withHeader(HttpHeaderNames.SET_COOKIE.toString(),
                ServerCookieEncoder.STRICT.encode(cookie(s.id(), sessions.timeout().toSeconds(), secure)));
    }

    @Override
    public void close() {
        history.close();
    }

    MetricsHistory history() {
        return history;
    }

    private static DefaultCookie cookie(String value, long maxAgeSeconds, boolean secure) {
        DefaultCookie c = new DefaultCookie(ApiAuth.SESSION_COOKIE, value);
        c.setHttpOnly(true);
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        c.setPath("/");
        c.setMaxAge(maxAgeSeconds);
        c.setSecure(secure);
        return c;
    }

    private static ObjectNode sessionJson(DashboardSessions.Session s) {
        return Json.object().put("username", s.username()).put("csrf_token", s.csrfToken())
                .put("expires_at", s.expiresAtMillis());
    }

    private static DashboardSessions.Session requireSession(DashboardSessions.Session s) {
        if (s == null) {
            throw ApiException.badRequest("this request is not a dashboard session (it used the Authorization header)");
        }
        return s;
    }

    private ObjectNode historyJson() {
        ArrayNode samples = Json.array();
        for (MetricsHistory.Sample s : history.samples()) {
            ObjectNode o = samples.addObject().put("time", s.timeMillis()).put("connections", s.connections())
                    .put("sessions", s.sessions()).put("subscriptions", s.subscriptions()).put("retained", s.retained());
            rate(o, "messages_in", s.receivedPerSecond());
            rate(o, "messages_out", s.sentPerSecond());
            rate(o, "messages_dropped", s.droppedPerSecond());
            o.put("heap_used", s.heapUsed()).put("process_cpu", s.processCpu());
        }
        ObjectNode o = Json.object().put("interval_seconds", MetricsHistory.INTERVAL.toSeconds())
                .put("capacity", MetricsHistory.CAPACITY);
        o.set("samples", samples);
        return o;
    }

    /** A rate, or null where there is none yet (the first sample after a start). */
    private static void rate(ObjectNode o, String field, double perSecond) {
        if (Double.isNaN(perSecond)) {
            o.putNull(field);
        } else {
            o.put(field, perSecond);
        }
    }

    /**
     * The listeners running now, with the address each is bound to (port 0 resolved). /configuration shows the
     * file over the defaults, which lists listeners that are not written (and so not running) too.
     */
    private ArrayNode listenersJson() {
        WrenBroker b = runtime.broker();
        List<ListenerConfig> enabled = b.config().listeners().stream().filter(ListenerConfig::enabled).toList();
        List<InetSocketAddress> bound = b.boundAddresses(); // the enabled ones, in the same order
        ArrayNode a = Json.array();
        for (int i = 0; i < Math.min(enabled.size(), bound.size()); i++) {
            ListenerConfig l = enabled.get(i);
            ObjectNode o = a.addObject().put("type", l.kind().configName()).put("name", l.name())
                    .put("bind", bound.get(i).getAddress().getHostAddress() + ":" + bound.get(i).getPort())
                    .put("max_connections", l.maxConnections());
            if (l.webSocketPath() != null) {
                o.put("path", l.webSocketPath()); // where the MQTT client page connects
            }
        }
        return a;
    }

    /** The counters the REST API's /metrics and /nodes show, read from the running engine (it changes on restart). */
    private MetricsHistory.Reading read() {
        WrenBroker b = runtime.broker();
        BrokerMetrics m = b.metrics();
        double cpu = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuLoad()) : 0;
        return new MetricsHistory.Reading(m.clientsConnected.get(), b.sessions().size(),
                b.router().trie().subscriptionCount(), b.router().retainedStore().size(), m.messagesReceived.sum(),
                m.messagesSent.sum(), m.messagesDropped.sum(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), cpu);
    }
}
