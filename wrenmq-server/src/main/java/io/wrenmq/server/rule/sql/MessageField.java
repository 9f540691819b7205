package io.wrenmq.server.rule.sql;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The names a rule reads from the message: EMQX's message-publish fields, with NanoMQ's {@code password} besides.
 * {@link #STAR} is what {@code SELECT *} yields, in this order (the password is left out of it: a row goes to
 * tables and other brokers, and NanoMQ's habit of copying the password there is not one to keep).
 */
enum MessageField {
    ID("id"),
    TOPIC("topic"),
    PAYLOAD("payload"),
    QOS("qos"),
    RETAIN("retain"),
    CLIENTID("clientid"),
    USERNAME("username"),
    PEERHOST("peerhost"),
    TIMESTAMP("timestamp"),
    USER_PROPERTIES("user_properties"),
    PASSWORD("password");

    static final MessageField[] STAR = {ID, TOPIC, PAYLOAD, QOS, RETAIN, CLIENTID, USERNAME, PEERHOST, TIMESTAMP,
        USER_PROPERTIES};

    private static final Map<String, MessageField> BY_NAME = Map.ofEntries(
            Map.entry("id", ID), Map.entry("topic", TOPIC), Map.entry("payload", PAYLOAD), Map.entry("qos", QOS),
            Map.entry("retain", RETAIN), Map.entry("clientid", CLIENTID), Map.entry("username", USERNAME),
            Map.entry("peerhost", PEERHOST), Map.entry("timestamp", TIMESTAMP),
            Map.entry("user_properties", USER_PROPERTIES), Map.entry("password", PASSWORD));

    private final String fieldName;

    MessageField(String fieldName) {
        this.fieldName = fieldName;
    }

    String fieldName() {
        return fieldName;
    }

    /** The field called {@code name} (case-sensitive, as in NanoMQ and EMQX), or null. */
    static MessageField byName(String name) {
        return BY_NAME.get(name);
    }

    /** The names, for "unknown field" messages. */
    static String names() {
        return Arrays.stream(values()).map(MessageField::fieldName).collect(Collectors.joining(", "));
    }

    Object read(EvalContext c) {
        RuleMessage m = c.message();
        return switch (this) {
            case ID -> m.id();
            case TOPIC -> m.topic();
            case PAYLOAD -> c.payloadText();
            case QOS -> (long) m.qos();
            case RETAIN -> m.retain();
            case CLIENTID -> m.clientId();
            case USERNAME -> m.username();
            case PEERHOST -> m.peerHost();
            case TIMESTAMP -> m.timestampMillis();
            case USER_PROPERTIES -> c.userProperties();
            case PASSWORD -> m.extra().get("password") instanceof String s ? s : null;
        };
    }
}
