package io.wrenmq.codec;

import java.util.Objects;

/**
 * What the decoder emits instead of a packet when the input breaks a rule: the reason code the broker
 * should answer with (a v5 CONNACK or DISCONNECT reason, or a plain close for v3), the packet type being
 * decoded when it is known (so a bad CONNECT can be answered with a CONNACK), the protocol version when it
 * is known, and a message for the log. After a failure the stream is not decoded further.
 */
public record DecodeFailure(ReasonCode reason, PacketType packetType, MqttVersion version, String message) {
    public DecodeFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
