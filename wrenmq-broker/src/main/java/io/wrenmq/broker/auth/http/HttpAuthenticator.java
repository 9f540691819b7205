package io.wrenmq.broker.auth.http;

import io.wrenmq.broker.auth.AuthRequest;
import io.wrenmq.broker.auth.AuthResult;
import io.wrenmq.broker.auth.Authenticator;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code auth.http_auth.auth_req} (+ {@code super_req}): asks an HTTP service whether a client may connect.
 * 2xx allows (a body of {@code ignore} means no opinion, as in EMQX), 4xx refuses with 0x86, anything else
 * (5xx, timeout, refused connection, overload) follows {@code error_action}. After an allow, super_req 2xx
 * makes the client a superuser (it skips the ACL); any other answer leaves it a normal user.
 */
public final class HttpAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(HttpAuthenticator.class);

    private final HttpAuthConfig config;
    private final HttpCaller caller;

    public HttpAuthenticator(HttpAuthConfig config) {
        this.config = config;
        this.caller = new HttpCaller(config);
    }

    @Override
    public String name() {
        return "http auth_req";
    }

    @Override
    public void start() {
        LOG.info("Authentication: HTTP auth_req {} {}{}", config.authReq() != null ? config.authReq().method() : "-",
                config.authReq() != null ? config.authReq().url() : "(none: HTTP is used for ACL only)",
                config.superReq() != null ? ", super_req " + config.superReq().url() : "");
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(AuthRequest request) {
        if (config.authReq() == null) {
            return AuthResult.ignoreFuture();
        }
        Placeholders values = Placeholders.forAuth(request.identity(), request.password(),
                request.version().level(), request.serverPort());
        return caller.call(config.authReq(), values).handle((response, error) -> judge(request, response, error))
                .thenCompose(result -> result.isAllow() && config.superReq() != null ? superuser(values, request)
                        : CompletableFuture.completedFuture(result));
    }

    private AuthResult judge(AuthRequest request, HttpResponse<String> response, Throwable error) {
        String client = request.identity().clientId();
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warn("HTTP auth_req for client {} failed: {} (error_action {})", client, cause.toString(),
                    config.errorAction());
            return onError("HTTP auth service unavailable");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return "ignore".equalsIgnoreCase(response.body().strip()) ? AuthResult.ignore() : AuthResult.allow();
        }
        if (status >= 400 && status < 500) {
            return AuthResult.badCredentials("HTTP auth_req answered " + status);
        }
        LOG.warn("HTTP auth_req for client {} answered {} {} (error_action {})", client, status,
                HttpCaller.abbreviate(response.body()), config.errorAction());
        return onError("HTTP auth service answered " + status);
    }

    private AuthResult onError(String why) {
        return config.errorAction() == HttpAuthConfig.ErrorAction.DENY ? AuthResult.notAuthorized(why) : AuthResult.ignore();
    }

    private CompletableFuture<AuthResult> superuser(Placeholders values, AuthRequest request) {
        return caller.call(config.superReq(), values).handle((response, error) -> {
            if (error != null) {
                LOG.warn("HTTP super_req for client {} failed: {}; not a superuser", request.identity().clientId(),
                        (error.getCause() != null ? error.getCause() : error).toString());
                return AuthResult.allow();
            }
            return AuthResult.allow(response.statusCode() >= 200 && response.statusCode() < 300);
        });
    }
}
