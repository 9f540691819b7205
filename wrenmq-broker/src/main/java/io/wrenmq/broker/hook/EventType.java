package io.wrenmq.broker.hook;

/** The twelve broker events, named as NanoMQ's and EMQX 4's WebHook configuration names them. */
public enum EventType {
    CLIENT_CONNECT("on_client_connect"),
    CLIENT_CONNACK("on_client_connack"),
    CLIENT_CONNECTED("on_client_connected"),
    CLIENT_DISCONNECTED("on_client_disconnected"),
    CLIENT_SUBSCRIBE("on_client_subscribe"),
    CLIENT_UNSUBSCRIBE("on_client_unsubscribe"),
    SESSION_SUBSCRIBED("on_session_subscribed"),
    SESSION_UNSUBSCRIBED("on_session_unsubscribed"),
    SESSION_TERMINATED("on_session_terminated"),
    MESSAGE_PUBLISH("on_message_publish"),
    MESSAGE_DELIVERED("on_message_delivered"),
    MESSAGE_ACKED("on_message_acked");

    private final String hookName;

    EventType(String hookName) {
        this.hookName = hookName;
    }

    /** The configuration name, e.g. {@code on_message_publish}. */
    public String hookName() {
        return hookName;
    }

    /** The WebHook body's {@code action}, e.g. {@code message_publish}. */
    public String action() {
        return hookName.substring(3);
    }

    /** Whether the event is about an application message (its topic can be filtered). */
    public boolean isMessage() {
        return this == MESSAGE_PUBLISH || this == MESSAGE_DELIVERED || this == MESSAGE_ACKED;
    }

    /** The type named {@code on_x} (or {@code x}), or null. */
    public static EventType byHookName(String name) {
        for (EventType t : values()) {
            if (t.hookName.equals(name) || t.action().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
