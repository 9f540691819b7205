package io.wrenmq.server.bridge;

import io.wrenmq.codec.MqttVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One MQTT bridge, NanoMQ's {@code bridges.mqtt.<name> { ... }} (or {@code bridges.aws.<name>}, which maps onto the
 * same keys). Defaults come from the schema rows (BridgeKeys); docs/bridges.md explains every key.
 *
 * @param name                 the block's name; also the bridge's local session name {@code $bridge/<name>}
 * @param enable               false: configured but not started (the REST API can switch it on)
 * @param servers              where to connect, in failover order: {@code server}, then {@code hybrid_servers} when
 *                             {@code hybrid_bridging} is on (the bridge tries them in turn and comes back to the first)
 * @param version              proto_ver 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0
 * @param clientId             the remote client id ({@code ${VIN}} already replaced)
 * @param keepAlive            the remote connection's keep alive
 * @param backoffMax           the longest wait between two connection attempts (they start at 1 s and double)
 * @param cleanStart           the remote session: true = a new one on every connection
 * @param username             null for none
 * @param password             null for none
 * @param tls                  null for a plain TCP server URL ({@code mqtt-tcp://})
 * @param connProperties       MQTT 5 CONNECT properties
 * @param will                 null for none
 * @param forwards             local -> remote
 * @param subscriptions        remote -> local
 * @param subscriptionId       sub_properties.identifier, 0 for none (MQTT 5)
 * @param subscriptionUserProperties sub_properties.user_property (MQTT 5)
 * @param transparent          local clients' SUBSCRIBE/UNSUBSCRIBE are also made on the remote
 * @param maxParallelProcesses NanoMQ's worker count; here the number of downlink publications in flight locally
 * @param maxSendQueueLen      NanoMQ's send queue length; accepted (what waits for the remote is in the offline cache)
 * @param maxInflight          forwarded QoS 1/2 messages in flight to the remote at once (the bridge session's window;
 *                             an MQTT 5 remote's Receive Maximum lowers it)
 * @param maxRecvQueueLen      the Receive Maximum the bridge announces to the remote (MQTT 5)
 * @param resendInterval       how often an unacknowledged forward is re-sent while connected
 * @param resendWait           how long an unacknowledged forward waits before its first re-send
 * @param cancelTimeout        the longest a connection attempt may take
 */
public record BridgeConfig(String name, boolean enable, List<BridgeServer> servers, MqttVersion version,
        String clientId, Duration keepAlive, Duration backoffMax, boolean cleanStart, String username,
        String password, BridgeTlsConfig tls, ConnProperties connProperties, BridgeWill will,
        List<BridgeForward> forwards, List<BridgeSubscription> subscriptions, int subscriptionId,
        Map<String, String> subscriptionUserProperties, boolean transparent, int maxParallelProcesses,
        int maxSendQueueLen, int maxInflight, int maxRecvQueueLen, Duration resendInterval, Duration resendWait,
        Duration cancelTimeout) {

    public BridgeConfig {
        servers = List.copyOf(servers);
        forwards = List.copyOf(forwards);
        subscriptions = List.copyOf(subscriptions);
        subscriptionUserProperties = Map.copyOf(subscriptionUserProperties);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a bridge needs a server");
        }
    }

    /** The local session the bridge forwards from: {@code $bridge/<name>} (no client may take this id). */
    public String sessionName() {
        return "$bridge/" + name;
    }

    /**
     * MQTT 5 CONNECT properties of the bridge connection ({@code conn_properties}; NanoMQ's spellings
     * {@code request_problem_infomation} and {@code request_response_infomation} are accepted).
     *
     * @param sessionExpiryInterval seconds, 0 = the session ends with the connection
     * @param receiveMaximum        0 = not sent (65535)
     * @param maximumPacketSize     0 = not sent (no limit)
     * @param topicAliasMaximum     0 = no aliases from the remote
     */
    public record ConnProperties(long sessionExpiryInterval, int receiveMaximum, int maximumPacketSize,
            int topicAliasMaximum, boolean requestProblemInformation, boolean requestResponseInformation,
            Map<String, String> userProperties) {
        public ConnProperties {
            userProperties = Map.copyOf(userProperties);
        }

        public static final ConnProperties DEFAULT = new ConnProperties(0, 0, 0, 0, true, false, Map.of());
    }
}
