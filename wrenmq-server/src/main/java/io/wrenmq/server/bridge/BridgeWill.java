package io.wrenmq.server.bridge;

import java.util.Map;

/**
 * The will of the bridge's remote connection ({@code will { topic, qos, retain, payload, properties { ... } }}).
 * Property values of 0 or "" are not sent.
 */
public record BridgeWill(String topic, int qos, boolean retain, String payload, int payloadFormatIndicator,
        long messageExpiryInterval, String contentType, String responseTopic, String correlationData,
        long willDelayInterval, Map<String, String> userProperties) {
    public BridgeWill {
        userProperties = Map.copyOf(userProperties);
    }
}
