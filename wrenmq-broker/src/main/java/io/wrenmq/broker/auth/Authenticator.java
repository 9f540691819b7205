package io.wrenmq.broker.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Checks the credentials of a CONNECT. Called on the client's event loop, so it must not block: answer with a
 * completed future when the answer is at hand, or complete it later from any thread (an HTTP call, a hash on
 * a worker thread). The broker holds that client's input meanwhile and never blocks a thread for it.
 *
 * <p>Authenticators run in the configured order (password file, HTTP, then those an embedding application
 * adds); the first ALLOW or DENY wins. A future completed exceptionally counts as a refusal (0x87): an
 * authenticator that wants errors to be ignored returns {@link AuthResult#ignore()} itself.
 */
public interface Authenticator {
    CompletableFuture<AuthResult> authenticate(AuthRequest request);

    /** A short name for logs ("password file etc/wrenmq.passwd", "http auth_req"). */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Called once when the broker starts: load files, check settings; throw to stop start-up. */
    default void start() {
    }

    /** Called once when the broker stops. */
    default void stop() {
    }
}
