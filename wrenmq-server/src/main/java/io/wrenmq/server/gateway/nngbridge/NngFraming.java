package io.wrenmq.server.gateway.nngbridge;

import io.wrenmq.codec.TopicSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How an MQTT message and an NNG message map onto each other, as NanoMQ's NNG bridge does it (docs
 * bridges/nng-bridge.md): an NNG message is {@code topic + delimiter + payload} in one frame.
 * <ul>
 * <li>MQTT to NNG ({@link #toNng}): {@code remote_topic + nng_delimiter + payload}; an empty remote_topic stands for
 * the local topic (NanoMQ: "treated as local_topic"; for a wildcard filter we take the message's own topic, the only
 * reading that yields a topic).</li>
 * <li>NNG to MQTT ({@link #fromNng}): the message must begin with {@code remote_topic}. With the delimiter "/" the
 * topic is remote_topic and the payload what follows "remote_topic/" ("nng/pub/123/hello" -&gt; "123/hello"); with
 * another delimiter the topic runs from the start to the first delimiter after remote_topic and the payload is the
 * rest ("nng/pub/123/1234:payload" -&gt; topic "nng/pub/123/1234", payload "payload"). It is published to
 * local_topic, or to that topic when local_topic is "". The first entry that matches wins.</li>
 * </ul>
 */
public final class NngFraming {
    private NngFraming() {
    }

    /** An NNG message mapped to MQTT, or why it could not be (then topic and payload are null). */
    public record Inbound(String topic, byte[] payload, int qos, String refusal) {
        static Inbound refused(String why) {
            return new Inbound(null, null, 0, why);
        }
    }

    /** The NNG message for an MQTT message that matched {@code forward}. */
    public static byte[] toNng(NngRoute forward, String mqttTopic, byte[] payload) {
        String topic = forward.remoteTopic().isEmpty()
                ? (TopicSyntax.hasWildcard(forward.localTopic()) ? mqttTopic : forward.localTopic())
                : forward.remoteTopic();
        byte[] head = (topic + forward.delimiter()).getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    /** The MQTT message for an NNG message, by the first of {@code subscriptions} that matches it. */
    public static Inbound fromNng(List<NngRoute> subscriptions, byte[] message) {
        for (NngRoute s : subscriptions) {
            byte[] prefix = s.remoteTopic().getBytes(StandardCharsets.UTF_8);
            if (!startsWith(message, prefix, 0)) {
                continue;
            }
            byte[] delimiter = s.delimiter().getBytes(StandardCharsets.UTF_8);
            int at = s.delimiter().equals("/") ? (startsWith(message, delimiter, prefix.length) ? prefix.length : -1)
                    : indexOf(message, delimiter, prefix.length);
            if (at < 0) {
                continue;
            }
            String extracted = new String(message, 0, at, StandardCharsets.UTF_8);
            String topic = s.localTopic().isEmpty() ? extracted : s.localTopic();
            String invalid = TopicSyntax.invalidNameReason(topic);
            if (invalid != null) {
                return Inbound.refused("\"" + topic + "\" is no MQTT topic name: " + invalid);
            }
            return new Inbound(topic, Arrays.copyOfRange(message, at + delimiter.length, message.length), s.qos(), null);
        }
        return Inbound.refused("no subscription entry matches (remote_topic followed by nng_delimiter)");
    }

    private static boolean startsWith(byte[] m, byte[] p, int from) {
        if (m.length - from < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (m[from + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] m, byte[] d, int from) {
        for (int i = from; i + d.length <= m.length; i++) {
            if (startsWith(m, d, i)) {
                return i;
            }
        }
        return -1;
    }
}
