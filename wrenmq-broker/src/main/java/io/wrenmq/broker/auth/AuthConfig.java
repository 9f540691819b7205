package io.wrenmq.broker.auth;

import io.wrenmq.broker.auth.http.HttpAuthConfig;
import io.wrenmq.broker.listener.ListenerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code auth { ... }} block as plain Java values; an embedding application fills it directly. Setters
 * return this for chaining. The authenticators run in this order: the NanoMQ password list
 * ({@code auth.password}), the hashed password file ({@code auth.password_file}), HTTP auth
 * ({@code auth.http_auth}), then the ones added with {@link #addAuthenticator}.
 */
public final class AuthConfig {
    private Boolean allowAnonymous;                 // auth.allow_anonymous (null = secure default, see below)
    private Map<String, String> plaintextPasswords; // auth.password = {include "etc/pwd.conf"} (NanoMQ)
    private String plaintextSource = "auth.password";
    private Path passwordFile;                      // auth.password_file
    private HttpAuthConfig http = new HttpAuthConfig(); // auth.http_auth { ... }
    private final List<Authenticator> authenticators = new ArrayList<>();
    private final List<EnhancedAuthenticator> enhanced = new ArrayList<>();
    private boolean scram = true;                   // auth.scram.enable
    private int throttleMaxFailures = 5;            // auth.login_throttle.max_failures (0 = off)
    private Duration throttleWindow = Duration.ofMinutes(1); // auth.login_throttle.window
    private Duration throttleMaxDelay = Duration.ofSeconds(5); // auth.login_throttle.max_delay

    /** The configured value, null when not set. */
    public Boolean allowAnonymous() { return allowAnonymous; }
    public AuthConfig allowAnonymous(Boolean value) { this.allowAnonymous = value; return this; }

    /**
     * Whether a client without a username is let in when no authenticator had an opinion. Unset: only when
     * every enabled listener binds a loopback address (nobody else can reach the broker), else refused.
     */
    public boolean effectiveAllowAnonymous(List<ListenerConfig> listeners) {
        if (allowAnonymous != null) {
            return allowAnonymous;
        }
        return listeners.stream().filter(ListenerConfig::enabled).allMatch(l -> isLoopback(l.host()));
    }

    /** Whether {@code host} (a literal address or "localhost") is a loopback address; host names are not resolved. */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses are judged; a host name is not resolved here (it could change later).
            if (!host.isEmpty() && (Character.digit(host.charAt(0), 16) >= 0 || host.indexOf(':') >= 0)) {
                return InetAddress.getByName(host).isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    /** NanoMQ's plaintext {@code "user": "pass"} pairs; {@code source} names where they came from, for logs. */
    public Map<String, String> plaintextPasswords() { return plaintextPasswords; }
    public String plaintextSource() { return plaintextSource; }
    public AuthConfig plaintextPasswords(Map<String, String> value, String source) {
        this.plaintextPasswords = value == null ? null : new LinkedHashMap<>(value);
        this.plaintextSource = Objects.requireNonNull(source, "source");
        return this;
    }

    /** The hashed password file ($7$ PBKDF2-SHA512, $6$, bcrypt, $scram-sha-256$ lines), or null. */
    public Path passwordFile() { return passwordFile; }
    public AuthConfig passwordFile(Path value) { this.passwordFile = value; return this; }

    public HttpAuthConfig http() { return http; }
    public AuthConfig http(HttpAuthConfig value) { this.http = Objects.requireNonNull(value); return this; }

    /** Authenticators an embedding application supplies; they run after the built-in ones. */
    public List<Authenticator> authenticators() { return List.copyOf(authenticators); }
    public AuthConfig addAuthenticator(Authenticator value) { authenticators.add(Objects.requireNonNull(value)); return this; }

    /** MQTT 5 enhanced authentication methods an embedding application supplies (beside SCRAM-SHA-256). */
    public List<EnhancedAuthenticator> enhancedAuthenticators() { return List.copyOf(enhanced); }
    public AuthConfig addEnhancedAuthenticator(EnhancedAuthenticator value) { enhanced.add(Objects.requireNonNull(value)); return this; }

    /** Whether the built-in SCRAM-SHA-256 method is offered (it needs password entries to check against). */
    public boolean scram() { return scram; }
    public AuthConfig scram(boolean value) { this.scram = value; return this; }

    public int throttleMaxFailures() { return throttleMaxFailures; }
    public AuthConfig throttleMaxFailures(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("throttleMaxFailures must be >= 0: " + value);
        }
        this.throttleMaxFailures = value;
        return this;
    }

    public Duration throttleWindow() { return throttleWindow; }
    public AuthConfig throttleWindow(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("throttleWindow must be > 0: " + value);
        }
        this.throttleWindow = value;
        return this;
    }

    public Duration throttleMaxDelay() { return throttleMaxDelay; }
    public AuthConfig throttleMaxDelay(Duration value) {
        if (value.isNegative() || value.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("throttleMaxDelay must be 0..60s: " + value);
        }
        this.throttleMaxDelay = value;
        return this;
    }
}
