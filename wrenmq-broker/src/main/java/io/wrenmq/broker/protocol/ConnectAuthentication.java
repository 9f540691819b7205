package io.wrenmq.broker.protocol;

import io.wrenmq.broker.auth.AuthRequest;
import io.wrenmq.broker.auth.AuthResult;
import io.wrenmq.broker.auth.AuthService;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.auth.EnhancedAuthenticator;
import io.wrenmq.broker.listener.ConnectionInfo;
import io.wrenmq.codec.Connect;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Authenticates a CONNECT between validation and session attach. The connection is already CONNECTING with
 * its input paused, so the chain may take as long as an HTTP call: the answer is applied on the channel's
 * event loop, and dropped when the client went away meanwhile. No thread waits for it.
 */
final class ConnectAuthentication {
    private ConnectAuthentication() {
    }

    /**
     * Runs authentication for {@code c} (whose {@code identity()} is the pre-authentication identity); on success
     * sets the authenticated identity and calls {@code proceed} with CONNACK properties to add (enhanced auth).
     */
    static void run(MqttConnection c, Connect connect, Consumer<Properties> proceed) {
        AuthService auth = c.broker().auth();
        AuthRequest request = new AuthRequest(c.identity(), connect.password(), connect.version(), serverPort(c));
        String method = connect.version().isV5() ? connect.properties().getString(PropertyId.AUTHENTICATION_METHOD) : null;
        if (method != null) {
            EnhancedAuthenticator enhanced = auth.enhanced(method);
            if (enhanced == null) {
                // [MQTT-4.12.0-1]: a method the server does not support is refused with 0x8C.
                refused(c, AuthResult.deny(ReasonCode.BAD_AUTHENTICATION_METHOD,
                        "authentication method " + method + " is not supported"));
                return;
            }
            EnhancedAuthFlow flow = new EnhancedAuthFlow(c, method, enhanced,
                    new AuthRequest(c.identity(), null, connect.version(), request.serverPort()), proceed);
            c.authFlow(flow);
            scheduleGuard(c, () -> c.authFlow() == flow, "enhanced authentication did not finish");
            flow.step(connect.properties().getBinary(PropertyId.AUTHENTICATION_DATA));
            return;
        }
        CompletableFuture<AuthResult> answer = auth.authenticate(request);
        if (answer.isDone()) {
            // anonymous or a password list: answered at once, no guard timer (it would live per connection
            // for connect_timeout, ~100 bytes each in a connection storm)
            onLoop(c, answer, result -> finish(c, result, Properties.EMPTY, proceed));
            return;
        }
        boolean[] answered = new boolean[1]; // touched on the event loop only
        ScheduledFuture<?> guard = scheduleGuard(c, () -> !answered[0], "authentication did not answer");
        onLoop(c, answer, result -> {
            answered[0] = true;
            if (guard != null) {
                guard.cancel(false);
            }
            finish(c, result, Properties.EMPTY, proceed);
        });
    }

    /**
     * mqtt.connect_timeout bounds authentication as it bounds the wait for CONNECT: an authenticator that never
     * answers (or a client that stops in the middle of an AUTH exchange) must not hold the connection for ever.
     */
    private static ScheduledFuture<?> scheduleGuard(MqttConnection c, BooleanSupplier pending,
            String why) {
        long timeout = c.broker().config().connectTimeout().toMillis();
        if (timeout <= 0) {
            return null; // connect_timeout = 0: no time limit, as for the wait for CONNECT
        }
        return c.channel().eventLoop().schedule(() -> {
            if (pending.getAsBoolean() && !c.isClosed()) {
                refused(c, AuthResult.notAuthorized(why + " within " + timeout + " ms"));
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    /** Completes {@code f} on the channel's event loop (at once when it already is there and done). */
    static <T> void onLoop(MqttConnection c, CompletableFuture<T> f, Consumer<T> then) {
        f.whenComplete((value, error) -> {
            Runnable task = () -> {
                if (c.isClosed()) {
                    return; // the client went away while we asked: nothing to answer
                }
                if (error != null) {
                    c.close(ReasonCode.UNSPECIFIED_ERROR, "authentication failed: " + error);
                } else {
                    then.accept(value);
                }
            };
            if (c.channel().eventLoop().inEventLoop()) {
                task.run();
            } else {
                c.channel().eventLoop().execute(task);
            }
        });
    }

    static void finish(MqttConnection c, AuthResult result, Properties extra, Consumer<Properties> proceed) {
        if (!result.isAllow()) {
            refused(c, result);
            return;
        }
        ClientIdentity who = c.identity().withSuperuser(result.superuser());
        if (result.username() != null) {
            who = who.withUsername(result.username());
        }
        c.broker().auth().loginFailures().recordSuccess(c.identity());
        c.identify(who);
        proceed.accept(extra);
    }

    /** Refuses with the result's reason, after the throttling delay when this client or address failed often. */
    static void refused(MqttConnection c, AuthResult result) {
        c.authFlow(null);
        c.broker().metrics().authFailures.increment();
        // Only wrong credentials count as a failed login: an HTTP service that is down must not throttle everyone.
        long delay = result.reason() == ReasonCode.BAD_USER_NAME_OR_PASSWORD
                ? c.broker().auth().loginFailures().recordFailure(c.identity()) : 0;
        String why = "client " + c.identity().clientId() + ": " + result.why()
                + (delay > 0 ? " (answer held " + delay + " ms: repeated failures)" : "");
        if (delay == 0) {
            c.close(result.reason(), why);
            return;
        }
        c.channel().config().setAutoRead(false); // hold the client meanwhile; no thread waits
        c.channel().eventLoop().schedule(() -> {
            if (!c.isClosed()) {
                c.close(result.reason(), why);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static int serverPort(MqttConnection c) {
        return ConnectionInfo.localPortOf(c.channel());
    }
}
