package io.wrenmq.server.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code http_server { ... }} block (NanoMQ's keys): the REST API and Prometheus endpoint run by
 * this module ({@link HttpApiServer}); the engine never reads it. {@code ServerConfig.httpServer()} holds it.
 * Secure by default: off, loopback only, and no default password (one is generated when none is set).
 */
public final class HttpServerConfig {
    /** How API requests authenticate. */
    public enum AuthType { BASIC, JWT }

    private boolean enable = false;               // http_server.enable
    private int port = 8081;                      // http_server.port
    private String ipAddr = "127.0.0.1";          // http_server.ip_addr (NanoMQ: 0.0.0.0)
    private String username = "admin";           // http_server.username
    private String password = "";                 // http_server.password ("" = generated into data/http_password)
    private AuthType authType = AuthType.BASIC;   // http_server.auth_type
    private Path jwtPublicKeyFile;                // http_server.jwt.public.keyfile
    private int limitConn = 32;                   // http_server.limit_conn
    private long maxBody = 1024 * 1024;           // http_server.max_body
    private boolean dashboardEnable = true;       // http_server.dashboard.enable
    private Duration dashboardSessionTimeout = Duration.ofMinutes(30); // http_server.dashboard.session_timeout

    public boolean enable() { return enable; }
    public HttpServerConfig enable(boolean value) { this.enable = value; return this; }

    public int port() { return port; }
    public HttpServerConfig port(int value) { this.port = value; return this; }

    public String ipAddr() { return ipAddr; }
    public HttpServerConfig ipAddr(String value) { this.ipAddr = value; return this; }

    public String username() { return username; }
    public HttpServerConfig username(String value) { this.username = value; return this; }

    /** The configured password; empty when the server should generate (or reuse) one in data/http_password. */
    public String password() { return password; }
    public HttpServerConfig password(String value) { this.password = value == null ? "" : value; return this; }

    public AuthType authType() { return authType; }
    public HttpServerConfig authType(AuthType value) { this.authType = value; return this; }

    /** The PEM RSA public key JWTs are verified with; null when none is configured. */
    public Path jwtPublicKeyFile() { return jwtPublicKeyFile; }
    public HttpServerConfig jwtPublicKeyFile(Path value) { this.jwtPublicKeyFile = value; return this; }

    /** Connections open at once; more are answered 503 and closed. */
    public int limitConn() { return limitConn; }
    public HttpServerConfig limitConn(int value) { this.limitConn = value; return this; }

    /** Largest request body accepted, in bytes; bigger is refused with 413. */
    public long maxBody() { return maxBody; }
    public HttpServerConfig maxBody(long value) { this.maxBody = value; return this; }

    /** Whether the web dashboard is served at {@code /} (only when the HTTP server itself is on). */
    public boolean dashboardEnable() { return dashboardEnable; }
    public HttpServerConfig dashboardEnable(boolean value) { this.dashboardEnable = value; return this; }

    /** How long a dashboard session lives without a request; each request starts it again. */
    public Duration dashboardSessionTimeout() { return dashboardSessionTimeout; }
    public HttpServerConfig dashboardSessionTimeout(Duration value) { this.dashboardSessionTimeout = value; return this; }
}
