package io.wrenmq.codec;

import java.util.Objects;

/**
 * The Will Message of a CONNECT. The payload is a private byte array (wills are small and live as long as
 * the session, so they do not pin the inbound network buffer).
 */
public record Will(String topic, int qos, boolean retain, byte[] payload, Properties properties) {
    public Will {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        properties = properties == null ? Properties.EMPTY : properties;
    }
}
