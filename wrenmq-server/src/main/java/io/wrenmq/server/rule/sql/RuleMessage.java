package io.wrenmq.server.rule.sql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Map;

/**
 * The message a rule looks at: what {@code SELECT *} and the field names ({@code topic}, {@code clientid}, ...)
 * read. The engine builds one per published message and shares it among the rules that match its topic.
 *
 * <p>The engine's messages {@link #borrowing borrow} the broker's payload buffer while the rules run on the
 * publisher's event loop: most rules decide on the topic, the client or a field before they read the payload, and a
 * message their WHERE drops is then never copied. Such a message is valid only during the call that made it, unless
 * {@link #detach()} copied the payload first (the engine does before it queues a message for its own thread).
 * Messages are used by one thread at a time.
 */
public final class RuleMessage {
    private static final byte[] EMPTY = new byte[0];

    private final long sequence;
    private String id;
    private final String topic;
    private byte[] payload;
    private ByteBuf borrowed;
    private final int qos;
    private final boolean retain;
    private final String clientId;
    private final String username;
    private final String peerHost;
    private final long timestampMillis;
    private final Map<String, String> userProperties;
    private final Map<String, Object> extra;

    /**
     * @param id the message id (as the REST API and WebHooks show it)
     * @param payload the payload bytes; rules see them as UTF-8 text ({@code payload}) or as JSON ({@code payload.a.b})
     * @param username null when the client gave none
     * @param timestampMillis when the broker received the message (ms since the epoch)
     * @param userProperties the MQTT 5 user properties (may be empty)
     * @param extra what else the engine knows about the publisher; read by name only for {@code password} (a NanoMQ
     *     field): the engine decides whether to put it here (may be empty)
     */
    public RuleMessage(String id, String topic, byte[] payload, int qos, boolean retain, String clientId, String username,
            String peerHost, long timestampMillis, Map<String, String> userProperties, Map<String, Object> extra) {
        this(0, id, topic, payload == null ? EMPTY : payload, null, qos, retain, clientId, username, peerHost,
                timestampMillis, userProperties, extra);
    }

    private RuleMessage(long sequence, String id, String topic, byte[] payload, ByteBuf borrowed, int qos,
            boolean retain, String clientId, String username, String peerHost, long timestampMillis,
            Map<String, String> userProperties, Map<String, Object> extra) {
        this.sequence = sequence;
        this.id = id;
        this.topic = topic;
        this.payload = payload;
        this.borrowed = borrowed;
        this.qos = qos;
        this.retain = retain;
        this.clientId = clientId;
        this.username = username;
        this.peerHost = peerHost;
        this.timestampMillis = timestampMillis;
        this.userProperties = userProperties == null ? Map.of() : userProperties;
        this.extra = extra == null ? Map.of() : extra;
    }

    /**
     * A message whose payload stays in {@code payload} (the broker's buffer, not retained) until a rule reads it, and
     * whose id is {@code sequence} written out only when a rule reads it. Valid during the caller's use of the buffer
     * only, unless {@link #detach() detached}.
     */
    public static RuleMessage borrowing(long sequence, String topic, ByteBuf payload, int qos, boolean retain,
            String clientId, String username, String peerHost, long timestampMillis, Map<String, String> userProperties) {
        return new RuleMessage(sequence, null, topic, payload == null ? EMPTY : null, payload, qos, retain, clientId,
                username, peerHost, timestampMillis, userProperties, Map.of());
    }

    /** Copies a borrowed payload now, so that the message may outlive the buffer (and cross to another thread). */
    public RuleMessage detach() {
        payload();
        return this;
    }

    public String id() {
        if (id == null) {
            id = Long.toString(sequence);
        }
        return id;
    }

    public String topic() {
        return topic;
    }

    /** The payload bytes (a borrowed payload is copied at the first read). */
    public byte[] payload() {
        if (payload == null) {
            payload = ByteBufUtil.getBytes(borrowed, borrowed.readerIndex(), borrowed.readableBytes());
            borrowed = null;
        }
        return payload;
    }

    public int qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    public String clientId() {
        return clientId;
    }

    public String username() {
        return username;
    }

    public String peerHost() {
        return peerHost;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public Map<String, String> userProperties() {
        return userProperties;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    @Override
    public String toString() {
        return "RuleMessage[" + id() + ", " + topic + ", qos=" + qos + (retain ? ", retain" : "") + ", client " + clientId
                + "]";
    }
}
