package io.wrenmq.client;

import io.wrenmq.codec.ReasonCode;

/**
 * Why a client operation failed, in words a user can act on: "Connection refused: 127.0.0.1:1883",
 * "CONNACK refused: Not authorized (0x87)", "Timed out after 10 s waiting for CONNACK from ...". When the
 * failure came with an MQTT reason code (a CONNACK refusal, a server DISCONNECT, a failed acknowledgement)
 * {@link #reasonCode()} holds it.
 */
public class MqttClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ReasonCode reasonCode;

    public MqttClientException(String message) {
        this(message, null, null);
    }

    public MqttClientException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public MqttClientException(String message, ReasonCode reasonCode, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** The MQTT reason code behind the failure, or null when there was none (network error, timeout). */
    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /** "Not authorized (0x87)": the spec's words and the wire value. */
    static String describe(ReasonCode code) {
        return String.format("%s (0x%02X)", code.description(), code.value());
    }
}
