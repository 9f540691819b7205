package io.wrenmq.broker.auth;

import io.wrenmq.broker.auth.http.HttpAclAuthorizer;
import io.wrenmq.broker.auth.http.HttpAuthenticator;
import io.wrenmq.broker.listener.ListenerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication chain of a running broker, built from {@link AuthConfig}: authenticators in order, the
 * first ALLOW or DENY wins; when all ignore, a client without a username is let in iff anonymous access is
 * allowed and anyone else is refused with 0x86. With no authenticator configured, every client is anonymous:
 * allowed iff anonymous access is (its username is taken as it is, unverified). Also holds the login-failure counter and the enhanced
 * authentication methods.
 */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    private final AuthConfig config;
    private final List<ListenerConfig> listeners;
    private final List<Authenticator> chain = new ArrayList<>();
    private final List<EnhancedAuthenticator> enhanced = new ArrayList<>();
    private final LoginFailures loginFailures;
    private final Authorizer httpAcl;
    private final List<PasswordAuthenticator> passwordSources;
    private volatile boolean allowAnonymous; // read on every CONNECT, changed by a reload

    public AuthService(AuthConfig config, List<ListenerConfig> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.loginFailures = new LoginFailures(config.throttleMaxFailures(), config.throttleWindow(),
                config.throttleMaxDelay());
        List<PasswordAuthenticator> passwords = passwordSources(config);
        this.passwordSources = List.copyOf(passwords);
        chain.addAll(passwords);
        if (config.http().enable()) {
            chain.add(new HttpAuthenticator(config.http()));
        }
        chain.addAll(config.authenticators());
        httpAcl = config.http().enable() && config.http().aclReq() != null ? new HttpAclAuthorizer(config.http()) : null;
        if (config.scram() && !passwords.isEmpty()) {
            enhanced.add(new ScramSha256Authenticator(passwords));
        }
        enhanced.addAll(config.enhancedAuthenticators());
    }

    private static List<PasswordAuthenticator> passwordSources(AuthConfig config) {
        List<PasswordAuthenticator> passwords = new ArrayList<>();
        if (config.plaintextPasswords() != null) {
            passwords.add(PasswordAuthenticator.plaintext(config.plaintextPasswords(), config.plaintextSource()));
        }
        if (config.passwordFile() != null) {
            passwords.add(PasswordAuthenticator.file(config.passwordFile()));
        }
        return passwords;
    }

    /**
     * Hot reload: re-reads every password source of {@code fresh} (the newly loaded configuration) and takes its
     * anonymous policy. All sources are read before anything is installed, so a bad file throws
     * {@link PasswordFileException} and the running users stay. Adding or removing a source (a password file where
     * there was none) changes the chain and needs a restart: {@link IllegalStateException}.
     */
    public synchronized void reload(AuthConfig fresh) {
        List<PasswordAuthenticator> next = passwordSources(fresh);
        if (next.size() != passwordSources.size()) {
            throw new IllegalStateException("password sources were added or removed (auth.password / auth.password_file);"
                    + " that takes a restart");
        }
        List<Map<String, PasswordHash>> users = new ArrayList<>();
        for (PasswordAuthenticator p : next) {
            users.add(p.readUsers());
        }
        for (int i = 0; i < users.size(); i++) {
            passwordSources.get(i).replaceUsers(users.get(i));
        }
        config.allowAnonymous(fresh.allowAnonymous());
        config.passwordFile(fresh.passwordFile());
        config.plaintextPasswords(fresh.plaintextPasswords(), fresh.plaintextSource());
        allowAnonymous = config.effectiveAllowAnonymous(listeners);
        LOG.info("Authentication reloaded: anonymous clients are {}", allowAnonymous ? "allowed" : "refused");
    }

    /** Loads password files (a bad one throws {@link PasswordFileException}) and logs the anonymous policy. */
    public void start() {
        List<Authenticator> started = new ArrayList<>();
        try {
            for (Authenticator a : chain) {
                a.start();
                started.add(a);
            }
        } catch (RuntimeException e) {
            started.forEach(Authenticator::stop);
            throw e;
        }
        allowAnonymous = config.effectiveAllowAnonymous(listeners);
        if (config.allowAnonymous() != null) {
            LOG.info("Authentication: anonymous clients are {} (auth.allow_anonymous = {})",
                    allowAnonymous ? "allowed" : "refused", allowAnonymous);
        } else {
            LOG.info("Authentication: anonymous clients are {} (auth.allow_anonymous not set: {})",
                    allowAnonymous ? "allowed" : "refused", allowAnonymous ? "every listener is on loopback"
                            : "a listener is reachable from other hosts");
        }
        if (chain.isEmpty() && allowAnonymous) {
            LOG.info("Authentication: no password file or HTTP auth configured, so usernames are not verified;"
                    + " ACL rules on usernames are only as good as the clients' word");
        } else if (chain.isEmpty()) {
            LOG.warn("Authentication: anonymous clients are refused and no authenticator is configured:"
                    + " no client can connect (set auth.password_file or auth.http_auth)");
        }
    }

    public void stop() {
        chain.forEach(Authenticator::stop);
    }

    public boolean allowAnonymous() {
        return allowAnonymous;
    }

    /**
     * The {@code auth.http_auth.acl_req} authorizer when HTTP auth is enabled with an acl_req, else null: for the
     * access control to put in its chain of authorizers.
     */
    public Authorizer httpAclAuthorizer() {
        return httpAcl;
    }

    public LoginFailures loginFailures() {
        return loginFailures;
    }

    /** The enhanced authentication method of that name, or null when the broker does not offer it. */
    public EnhancedAuthenticator enhanced(String method) {
        for (EnhancedAuthenticator e : enhanced) {
            if (e.method().equals(method)) {
                return e;
            }
        }
        return null;
    }

    /** Runs the chain; the future completes with ALLOW or DENY, never IGNORE and never exceptionally. */
    public CompletableFuture<AuthResult> authenticate(AuthRequest request) {
        return step(0, request);
    }

    private CompletableFuture<AuthResult> step(int index, AuthRequest request) {
        if (index == chain.size()) {
            return CompletableFuture.completedFuture(fallback(request));
        }
        Authenticator a = chain.get(index);
        CompletableFuture<AuthResult> f;
        try {
            f = a.authenticate(request);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.warn("Authenticator {} failed for client {}: {}", a.name(), request.identity().clientId(), cause.toString());
                return AuthResult.notAuthorized(a.name() + " failed");
            }
            return result == null ? AuthResult.ignore() : result;
        }).thenCompose(result -> result.kind() == AuthResult.Kind.IGNORE ? step(index + 1, request)
                : CompletableFuture.completedFuture(result));
    }

    private AuthResult fallback(AuthRequest request) {
        // With no authenticator at all nobody can verify a username, so every client counts as anonymous (as in
        // Mosquitto and NanoMQ); with authenticators, a username none of them knows is refused.
        if (!request.hasUsername() || chain.isEmpty()) {
            return allowAnonymous ? AuthResult.allow()
                    : AuthResult.badCredentials("anonymous clients are not allowed (auth.allow_anonymous)");
        }
        return AuthResult.badCredentials("unknown user " + request.username());
    }
}
