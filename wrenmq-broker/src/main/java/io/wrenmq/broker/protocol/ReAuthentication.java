package io.wrenmq.broker.protocol;

import io.wrenmq.broker.auth.AuthRequest;
import io.wrenmq.broker.auth.EnhancedAuthExchange;
import io.wrenmq.broker.auth.EnhancedAuthStep;
import io.wrenmq.broker.auth.EnhancedAuthenticator;
import io.wrenmq.codec.Auth;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 5 re-authentication (section 4.12.1): a client that connected with enhanced authentication may start a new
 * exchange at any time with AUTH 0x19 and the same method; the broker answers AUTH 0x18 until the method
 * decides, then AUTH 0x00 Success, or DISCONNECT with the refusal's reason. The client's other traffic goes
 * on meanwhile. Used on the connection's event loop only.
 */
final class ReAuthentication {
    private final MqttConnection c;
    private final String method;
    private final EnhancedAuthenticator authenticator;
    private EnhancedAuthExchange exchange;
    private boolean waitingForMethod;

    ReAuthentication(MqttConnection c, String method, EnhancedAuthenticator authenticator) {
        this.c = c;
        this.method = method;
        this.authenticator = authenticator;
    }

    /** An AUTH packet after CONNACK. */
    void onAuth(Auth auth) {
        String m = auth.properties().getString(PropertyId.AUTHENTICATION_METHOD);
        if (!method.equals(m)) {
            // The method must be the one used at CONNECT [MQTT-4.12.1-1].
            c.close(ReasonCode.PROTOCOL_ERROR, "AUTH with another authentication method than at CONNECT");
            return;
        }
        if (waitingForMethod) {
            c.close(ReasonCode.PROTOCOL_ERROR, "AUTH before the broker answered the previous one");
            return;
        }
        if (auth.reasonCode() == ReasonCode.RE_AUTHENTICATE) {
            exchange = authenticator.begin(new AuthRequest(c.identity(), null, c.negotiated().version(), 0));
        } else if (auth.reasonCode() != ReasonCode.CONTINUE_AUTHENTICATION || exchange == null) {
            c.close(ReasonCode.PROTOCOL_ERROR, "AUTH " + auth.reasonCode() + " outside a re-authentication");
            return;
        }
        waitingForMethod = true;
        CompletableFuture<EnhancedAuthStep> f = exchange.step(auth.properties().getBinary(PropertyId.AUTHENTICATION_DATA));
        f.whenComplete((step, error) -> {
            if (c.channel().eventLoop().inEventLoop()) {
                answer(step, error);
            } else {
                c.channel().eventLoop().execute(() -> answer(step, error));
            }
        });
    }

    private void answer(EnhancedAuthStep step, Throwable error) {
        waitingForMethod = false;
        if (c.isClosed()) {
            return;
        }
        if (error != null) {
            exchange = null;
            refuse(ReasonCode.NOT_AUTHORIZED, "re-authentication failed: " + error);
            return;
        }
        Properties.Builder p = Properties.builder().putString(PropertyId.AUTHENTICATION_METHOD, method);
        if (step.data() != null) {
            p.putBinary(PropertyId.AUTHENTICATION_DATA, step.data());
        }
        if (!step.done()) {
            c.writer().write(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, p.build()));
            return;
        }
        exchange = null;
        String user = step.result().username();
        if (step.result().isAllow() && user != null && !user.equals(c.identity().username())) {
            // The connection keeps its identity (ACL, session); it cannot turn into another user.
            refuse(ReasonCode.NOT_AUTHORIZED, "re-authentication as another user (" + user + ")");
        } else if (step.result().isAllow()) {
            c.writer().write(new Auth(ReasonCode.SUCCESS, p.build()));
        } else {
            refuse(step.result().reason(), step.result().why());
        }
    }

    private void refuse(ReasonCode reason, String why) {
        c.broker().metrics().authFailures.increment();
        c.close(reason, "re-authentication refused: " + why);
    }
}
