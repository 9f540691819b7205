package io.wrenmq.broker.protocol;

import io.wrenmq.codec.Connect;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.PropertyId;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.codec.Will;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks a decoded CONNECT against the broker's rules; returns the CONNACK reason code to refuse it, or null. */
final class ConnectValidator {
    private ConnectValidator() {
    }

    static ReasonCode check(Connect c, ProtocolSettings config) {
        String id = c.clientId();
        if (id.isEmpty()) {
            if (c.version() == MqttVersion.V3_1) {
                return ReasonCode.CLIENT_IDENTIFIER_NOT_VALID; // 3.1 requires 1..23 characters
            }
            if (c.version() == MqttVersion.V3_1_1 && !c.cleanStart()) {
                return ReasonCode.CLIENT_IDENTIFIER_NOT_VALID; // [MQTT-3.1.3-8]
            }
        }
        if (id.length() > config.maxClientIdLength()) {
            return ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
        }
        if (c.properties().has(PropertyId.AUTHENTICATION_DATA) && !c.properties().has(PropertyId.AUTHENTICATION_METHOD)) {
            return ReasonCode.PROTOCOL_ERROR; // Authentication Data without a Method (section 3.1.2.11.10)
        }
        Will w = c.will();
        if (w != null) {
            if (w.qos() > config.maxQos()) {
                return ReasonCode.QOS_NOT_SUPPORTED; // [MQTT-3.2.2-12]
            }
            if (w.retain() && !config.retainAvailable()) {
                return ReasonCode.RETAIN_NOT_SUPPORTED; // [MQTT-3.2.2-13]
            }
            if (TopicSyntax.invalidNameReason(w.topic()) != null) {
                return ReasonCode.TOPIC_NAME_INVALID;
            }
            if (w.properties().getInt(PropertyId.PAYLOAD_FORMAT_INDICATOR, 0) == 1 && !isUtf8(w.payload())) {
                return ReasonCode.PAYLOAD_FORMAT_INVALID; // [MQTT-3.1.3-?] payload format indicator 1 = UTF-8
            }
        }
        return null;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
