package io.wrenmq.server.gateway.zmq;

import io.wrenmq.server.gateway.GatewayConfig;
import io.wrenmq.server.gateway.GatewayMqttConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NanoMQ's {@code gateway.mqtt { ... }} + {@code gateway.zmq { sub_address, pub_address, sub_pre, pub_pre }}, plus
 * our {@code queue_size} and {@code enable}.
 *
 * @param subAddress the ZeroMQ endpoint the gateway's SUB socket connects to ("tcp://host:port"; NanoMQ: sub_address)
 * @param pubAddress the ZeroMQ endpoint the gateway's PUB socket connects to (NanoMQ: pub_address)
 * @param subPrefix  the SUB socket's subscription: only ZeroMQ messages that begin with it are forwarded ("" = all)
 * @param pubPrefix  sent as the first frame before each MQTT message's payload ("" = no prefix frame)
 * @param queueSize  MQTT messages waiting for the PUB socket at most (full: the arriving one is dropped)
 */
public record ZmqGatewayConfig(String name, boolean enable, GatewayMqttConfig mqtt, String subAddress,
        String pubAddress, String subPrefix, String pubPrefix, int queueSize) implements GatewayConfig {

    @Override
    public String type() {
        return "zmq";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sub_topic", mqtt.subTopic());
        s.put("forward", mqtt.forward());
        s.put("parallel", mqtt.parallel());
        s.put("sub_address", subAddress);
        s.put("pub_address", pubAddress);
        s.put("sub_pre", subPrefix);
        s.put("pub_pre", pubPrefix);
        s.put("queue_size", queueSize);
        return s;
    }
}
