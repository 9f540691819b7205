package io.wrenmq.broker.protocol;

import io.wrenmq.codec.Auth;
import io.wrenmq.codec.Disconnect;
import io.wrenmq.codec.MqttPacket;
import io.wrenmq.codec.PingResp;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.PubAck;
import io.wrenmq.codec.PubComp;
import io.wrenmq.codec.PubRec;
import io.wrenmq.codec.PubRel;
import io.wrenmq.codec.Publish;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscribe;
import io.wrenmq.codec.Unsubscribe;

/**
 * The packets of a connected client (after CONNACK), each to its handler: PUBLISH and PUBREL to
 * {@link InboundPublishes}, the acknowledgements of the broker's PUBLISH to {@link OutboundPublishes}, SUBSCRIBE and
 * UNSUBSCRIBE to {@link SubscribeProcessor}, AUTH to {@link ReAuthentication}; PINGREQ and DISCONNECT here. Anything
 * else breaks the protocol. Created when the CONNECT is accepted; used on the connection's event loop.
 */
final class LivePackets {
    private final MqttConnection c;
    private final Negotiated n;
    private final PacketWriter out;
    private final OutboundPublishes outbound;
    private final InboundPublishes publishes;
    private final SubscribeProcessor subscribes;
    private ReAuthentication reauthentication; // set when the client connected with enhanced authentication

    LivePackets(MqttConnection c, Negotiated n, OutboundPublishes outbound) {
        this.c = c;
        this.n = n;
        this.out = c.writer();
        this.outbound = outbound;
        this.publishes = new InboundPublishes(c, n);
        this.subscribes = new SubscribeProcessor(c, n);
    }

    void handle(MqttPacket packet) {
        switch (packet.type()) {
            case PUBLISH: publishes.onPublish((Publish) packet); break;
            case PUBACK: outbound.onPubAck(c.session().outbound(), (PubAck) packet); break;
            case PUBREC: outbound.onPubRec(c.session().outbound(), (PubRec) packet); break;
            case PUBREL: publishes.onPubRel((PubRel) packet); break;
            case PUBCOMP: outbound.onPubComp(c.session().outbound(), (PubComp) packet); break;
            case SUBSCRIBE: subscribes.onSubscribe((Subscribe) packet); break;
            case UNSUBSCRIBE: subscribes.onUnsubscribe((Unsubscribe) packet); break;
            case PINGREQ: out.write(PingResp.INSTANCE); break;
            case DISCONNECT: onDisconnect((Disconnect) packet); break;
            case CONNECT:
                c.close(ReasonCode.PROTOCOL_ERROR, "second CONNECT [MQTT-3.1.0-2]");
                break;
            case AUTH:
                if (reauthentication != null) {
                    reauthentication.onAuth((Auth) packet);
                } else {
                    // No enhanced authentication method was agreed at CONNECT, so AUTH is a protocol error [MQTT-4.12.0-1].
                    c.close(ReasonCode.PROTOCOL_ERROR, "AUTH without an authentication method");
                }
                break;
            default:
                c.close(ReasonCode.PROTOCOL_ERROR, packet.type() + " is sent by servers only");
        }
    }

    /** The client authenticated with an enhanced method: AUTH 0x19 after CONNACK starts a re-authentication. */
    void reauthenticateWith(ReAuthentication r) {
        reauthentication = r;
    }

    private void onDisconnect(Disconnect d) {
        long expiry = d.properties().getLong(PropertyId.SESSION_EXPIRY_INTERVAL, -1);
        if (expiry >= 0) {
            if (n.sessionExpiryAtConnect() == 0 && expiry != 0) {
                // Zero at CONNECT cannot become non-zero at DISCONNECT [MQTT-3.14.2-2].
                c.close(ReasonCode.PROTOCOL_ERROR, "session expiry set on DISCONNECT after 0 at CONNECT");
                return;
            }
            c.session().setExpiryInterval(Math.min(expiry, c.broker().config().maxSessionExpiryInterval()));
        }
        c.clientDisconnected(d.reasonCode());
    }
}
