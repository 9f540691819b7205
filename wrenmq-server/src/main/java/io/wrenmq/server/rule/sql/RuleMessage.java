package io.wrenmq.server.rule.sql;

import java.util.Map;

/**
 * The message a rule looks at: what {@code SELECT *} and the field names ({@code topic}, {@code clientid}, ...)
 * read. The engine builds one per published message and shares it among the rules that match its topic.
 *
 * @param id the message id (as the REST API and WebHooks show it)
 * @param payload the payload bytes; rules see them as UTF-8 text ({@code payload}) or as JSON ({@code payload.a.b})
 * @param username null when the client gave none
 * @param timestampMillis when the broker received the message (ms since the epoch)
 * @param userProperties the MQTT 5 user properties (may be empty)
 * @param extra what else the engine knows about the publisher; read by name only for {@code password} (a NanoMQ
 *     field): the engine decides whether to put it here (may be empty)
 */
public record RuleMessage(String id, String topic, byte[] payload, int qos, boolean retain, String clientId,
        String username, String peerHost, long timestampMillis, Map<String, String> userProperties,
        Map<String, Object> extra) {

    public RuleMessage {
        payload = payload == null ? new byte[0] : payload;
        userProperties = userProperties == null ? Map.of() : userProperties;
        extra = extra == null ? Map.of() : extra;
    }
}
