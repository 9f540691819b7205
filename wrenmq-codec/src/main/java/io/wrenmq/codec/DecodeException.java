package io.wrenmq.codec;

/**
 * Unwinds a packet decoder to {@link MqttDecoder#decode}, which turns it into a {@link DecodeFailure} value.
 * It never escapes the codec. It has no stack trace: malformed input is an expected event, not a bug, and a
 * hostile peer must not be able to make us pay for stack walks.
 */
final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reason;

    DecodeException(ReasonCode reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    ReasonCode reason() {
        return reason;
    }

    /** A packet that cannot be parsed [MQTT-4.13]: bad lengths, bad flags, bad UTF-8, unknown values. */
    static DecodeException malformed(String message) {
        return new DecodeException(ReasonCode.MALFORMED_PACKET, message);
    }

    /** A packet that parses but carries data the protocol does not allow [MQTT-4.13]. */
    static DecodeException protocolError(String message) {
        return new DecodeException(ReasonCode.PROTOCOL_ERROR, message);
    }
}
