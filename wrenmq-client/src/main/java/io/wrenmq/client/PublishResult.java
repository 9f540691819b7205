package io.wrenmq.client;

import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;

/**
 * How a PUBLISH ended. {@code qos} is the QoS it was sent with, which is lower than the requested one when
 * the server's Maximum QoS forced a downgrade. {@code reasonCode} is SUCCESS for QoS 0 (completed when
 * written) and for MQTT 3.x; for MQTT 5 it is the PUBACK's reason code (QoS 1) or the PUBREC's when that
 * was an error, else the PUBCOMP's (QoS 2), e.g. 0x10 No matching subscribers. A reason code of 0x80 or
 * above means the server did not accept the message; the future still completes normally so that the
 * caller sees the code (and {@code properties}, e.g. a Reason String).
 */
public record PublishResult(int qos, ReasonCode reasonCode, Properties properties) {
    static final PublishResult QOS0_SENT = new PublishResult(0, ReasonCode.SUCCESS, Properties.EMPTY);

    /** Whether the server accepted the message (reason code below 0x80). */
    public boolean isSuccess() {
        return !reasonCode.isError();
    }
}
