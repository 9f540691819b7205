package io.wrenmq.broker.protocol;

import io.netty.util.ReferenceCountUtil;
import io.wrenmq.codec.MqttPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's input between CONNECT and CONNACK, while the client is authenticated and its session attached: the
 * packets of an MQTT 5 enhanced authentication exchange go to that exchange ({@link EnhancedAuthFlow}); anything
 * else the client sent right after its CONNECT waits here, in order, and is handled once CONNACK is out. Exists only
 * in that phase; used on the connection's event loop.
 */
final class ConnectingInput {
    private EnhancedAuthFlow authFlow;
    private List<MqttPacket> held;

    void onPacket(MqttPacket packet) {
        if (authFlow != null) {
            authFlow.onPacket(packet);
            return;
        }
        if (held == null) {
            held = new ArrayList<>();
        }
        held.add(packet);
    }

    /** The enhanced authentication exchange in progress, or null. */
    EnhancedAuthFlow authFlow() {
        return authFlow;
    }

    /** An exchange starts (a flow) or ends (null). */
    void authFlow(EnhancedAuthFlow flow) {
        authFlow = flow;
    }

    /** The packets held, in their order (null when none); they are the caller's from now on. */
    List<MqttPacket> takeHeld() {
        List<MqttPacket> h = held;
        held = null;
        return h;
    }

    /** The connection ends before CONNACK: the held packets are dropped. */
    void release() {
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
    }
}
