package io.wrenmq.server.rule.sql;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test messages and one-line evaluation helpers. */
final class Messages {
    static final long TIMESTAMP = 1_650_874_276_123L;

    private Messages() {
    }

    /** A message on {@code topic} with a text payload, from client c1 (user u1, host 10.0.0.7), QoS 1. */
    static RuleMessage message(String topic, String payload) {
        return new Builder().topic(topic).payload(payload).build();
    }

    static Builder builder() {
        return new Builder();
    }

    /** The rows {@code sql} gives for {@code m}; a parse failure fails the test. */
    static List<Map<String, Object>> rows(String sql, RuleMessage m) {
        try {
            return RuleSql.parse(sql).evaluate(m);
        } catch (RuleSqlException e) {
            throw new AssertionError(sql + " -> " + e.getMessage(), e);
        }
    }

    /** The value of {@code SELECT <expr> AS v FROM "#"} for {@code m}. */
    static Object value(String expr, RuleMessage m) {
        List<Map<String, Object>> rows = rows("SELECT " + expr + " AS v FROM \"#\"", m);
        if (rows.size() != 1) {
            throw new AssertionError(expr + " gave " + rows.size() + " rows");
        }
        return rows.get(0).get("v");
    }

    /** The value of {@code expr} for the default sample message. */
    static Object value(String expr) {
        return value(expr, sample());
    }

    /**
     * The sample message the docs' examples use: topic sensors/s1/temp, payload
     * {"temp": 25.5, "hum": 40, "tags": ["a", "b"], "loc": {"site": "north"}}, client c1, user u1, QoS 1.
     */
    static RuleMessage sample() {
        return builder().topic("sensors/s1/temp")
                .payload("{\"temp\": 25.5, \"hum\": 40, \"tags\": [\"a\", \"b\"], \"loc\": {\"site\": \"north\"}}")
                .userProperty("unit", "C").build();
    }

    static final class Builder {
        private String id = "0005F8A2B3C4D5E6";
        private String topic = "t/1";
        private byte[] payload = new byte[0];
        private int qos = 1;
        private boolean retain;
        private String clientId = "c1";
        private String username = "u1";
        private String peerHost = "10.0.0.7";
        private long timestamp = TIMESTAMP;
        private final Map<String, String> userProperties = new LinkedHashMap<>();
        private final Map<String, Object> extra = new LinkedHashMap<>();

        Builder topic(String t) {
            topic = t;
            return this;
        }

        Builder payload(String p) {
            payload = p.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Builder payload(byte[] p) {
            payload = p;
            return this;
        }

        Builder qos(int q) {
            qos = q;
            return this;
        }

        Builder retain(boolean r) {
            retain = r;
            return this;
        }

        Builder clientId(String c) {
            clientId = c;
            return this;
        }

        Builder username(String u) {
            username = u;
            return this;
        }

        Builder userProperty(String k, String v) {
            userProperties.put(k, v);
            return this;
        }

        Builder extra(String k, Object v) {
            extra.put(k, v);
            return this;
        }

        RuleMessage build() {
            return new RuleMessage(id, topic, payload, qos, retain, clientId, username, peerHost, timestamp,
                    userProperties, extra);
        }
    }
}
