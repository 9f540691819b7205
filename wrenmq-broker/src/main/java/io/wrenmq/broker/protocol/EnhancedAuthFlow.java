package io.wrenmq.broker.protocol;

import io.netty.util.ReferenceCountUtil;
import io.wrenmq.broker.auth.AuthRequest;
import io.wrenmq.broker.auth.EnhancedAuthExchange;
import io.wrenmq.broker.auth.EnhancedAuthenticator;
import io.wrenmq.broker.auth.EnhancedAuthStep;
import io.wrenmq.codec.Auth;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import java.util.function.Consumer;

/**
 * One MQTT 5 enhanced authentication exchange between CONNECT and CONNACK (section 4.12): the broker answers
 * each step with AUTH 0x18 Continue authentication until the method decides, then CONNACK carries the final
 * Authentication Data. Used on the connection's event loop only.
 */
final class EnhancedAuthFlow {
    private final MqttConnection c;
    private final String method;
    private final EnhancedAuthenticator authenticator;
    private final EnhancedAuthExchange exchange;
    private final Consumer<Properties> proceed;
    private boolean waitingForMethod;

    EnhancedAuthFlow(MqttConnection c, String method, EnhancedAuthenticator authenticator, AuthRequest request,
            Consumer<Properties> proceed) {
        this.c = c;
        this.method = method;
        this.authenticator = authenticator;
        this.exchange = authenticator.begin(request);
        this.proceed = proceed;
    }

    /** Gives the client's Authentication Data (from CONNECT or AUTH) to the method. */
    void step(byte[] clientData) {
        waitingForMethod = true;
        c.channel().config().setAutoRead(false);
        ConnectAuthentication.onLoop(c, exchange.step(clientData), this::answer);
    }

    private void answer(EnhancedAuthStep s) {
        waitingForMethod = false;
        if (c.authFlow() != this) {
            return; // timed out or refused meanwhile
        }
        if (!s.done()) {
            Properties p = Properties.builder().putString(PropertyId.AUTHENTICATION_METHOD, method)
                    .putBinary(PropertyId.AUTHENTICATION_DATA, s.data()).build();
            c.writer().write(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, p));
            c.channel().config().setAutoRead(true); // read the client's next AUTH
            return;
        }
        c.authFlow(null);
        if (s.result().isAllow()) {
            c.reauthenticateWith(new ReAuthentication(c, method, authenticator));
        }
        Properties.Builder extra = Properties.builder().putString(PropertyId.AUTHENTICATION_METHOD, method);
        if (s.data() != null) {
            extra.putBinary(PropertyId.AUTHENTICATION_DATA, s.data());
        }
        ConnectAuthentication.finish(c, s.result(), extra.build(), proceed);
    }

    /** A packet that arrived during the exchange: only AUTH and DISCONNECT are allowed [MQTT-3.1.2-30]. */
    void onPacket(MqttPacket packet) {
        try {
            if (packet instanceof Auth auth && !waitingForMethod
                    && auth.reasonCode() == ReasonCode.CONTINUE_AUTHENTICATION
                    && method.equals(auth.properties().getString(PropertyId.AUTHENTICATION_METHOD))) {
                step(auth.properties().getBinary(PropertyId.AUTHENTICATION_DATA));
            } else if (packet instanceof Disconnect) {
                c.authFlow(null);
                c.close(null, "DISCONNECT during enhanced authentication");
            } else {
                c.authFlow(null);
                // Before CONNACK a refusal is a CONNACK with the reason, not a DISCONNECT [MQTT-4.13.1-1].
                c.close(ReasonCode.PROTOCOL_ERROR, packet.type()
                        + " during enhanced authentication (only AUTH with the same method is allowed)");
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }
}
