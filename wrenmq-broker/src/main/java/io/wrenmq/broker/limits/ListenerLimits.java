package io.wrenmq.broker.limits;

/**
 * A listener's own rates ({@code listeners.tcp[.<name>].max_conn_rate}, {@code messages_rate}, {@code bytes_rate}
 * and their bursts). A null rate means the broker-wide one from {@code limits { ... }} applies.
 */
public record ListenerLimits(Rate maxConnRate, Rate messagesRate, Rate bytesRate) {
    public static final ListenerLimits INHERIT = new ListenerLimits(null, null, null);
}
