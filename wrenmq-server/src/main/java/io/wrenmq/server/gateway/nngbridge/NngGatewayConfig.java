package io.wrenmq.server.gateway.nngbridge;

import io.wrenmq.server.gateway.GatewayConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One NNG gateway: NanoMQ master's {@code bridges.nng.pub.<name> { pub_url, forwards }} and
 * {@code bridges.nng.sub.<name> { sub_url, subscription }}, and our {@code bridges.nng.pair.<name> { pair_url,
 * forwards, subscription }} (PAIR both ways). NanoMQ listens on the URL; {@code dial} makes the gateway connect out.
 *
 * @param name           "nng.pub.&lt;name&gt;", "nng.sub.&lt;name&gt;" or "nng.pair.&lt;name&gt;"
 * @param sessionName    the in-process session's name (NanoMQ's clientid; default $gateway/&lt;name&gt;)
 * @param forwards       MQTT to NNG (pub, pair)
 * @param subscription   NNG to MQTT (sub, pair)
 * @param pairVersion    1 (nng's default pair1) or 0
 * @param maxMessageSize the largest NNG message taken from a peer
 * @param maxInFlight    publishes into MQTT in flight at most; beyond, NNG messages are dropped (queue_full)
 */
public record NngGatewayConfig(String name, boolean enable, Kind kind, String url, boolean dial, String sessionName,
        List<NngRoute> forwards, List<NngRoute> subscription, int pairVersion, int maxMessageSize, int maxInFlight)
        implements GatewayConfig {

    /** The SP protocol of the gateway's socket. */
    public enum Kind {
        PUB, SUB, PAIR
    }

    public NngGatewayConfig {
        forwards = List.copyOf(forwards);
        subscription = List.copyOf(subscription);
    }

    @Override
    public String type() {
        return "nng";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("protocol", kind == Kind.PAIR ? "pair" + pairVersion : kind.name().toLowerCase() + "0");
        s.put("url", url);
        s.put("mode", dial ? "dial" : "listen");
        s.put("clientid", sessionName);
        s.put("forwards", forwards.stream().map(NngGatewayConfig::route).toList());
        s.put("subscription", subscription.stream().map(NngGatewayConfig::route).toList());
        s.put("max_message_size", maxMessageSize);
        s.put("queue_size", maxInFlight);
        return s;
    }

    private static Map<String, Object> route(NngRoute r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("local_topic", r.localTopic());
        m.put("remote_topic", r.remoteTopic());
        m.put("nng_delimiter", r.delimiter());
        m.put("qos", r.qos());
        return m;
    }
}
