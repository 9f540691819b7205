package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.api.SessionBacklog;
import io.wrenmq.server.bridge.BridgeConfig;
import io.wrenmq.server.bridge.BridgeForward;
import io.wrenmq.server.bridge.BridgeServer;
import io.wrenmq.server.bridge.BridgeStats;
import io.wrenmq.server.bridge.BridgeSubscription;
import io.wrenmq.server.bridge.BridgeTlsConfig;
import io.wrenmq.server.bridge.BridgeView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A bridge as JSON: NanoMQ's node shape of {@code GET /api/v4/bridges} (name, enable, parallel, connector, forwards,
 * subscription, sub_properties, queue lengths), the keys the configuration file has beyond it, and WrenMQ's
 * {@code status}: the link's state, the next attempt, the offline cache and the counters. Secrets are masked.
 */
final class BridgeJson {
    static final String MASK = "******";

    private BridgeJson() {
    }

    static ObjectNode node(BridgeView v, SessionBacklog cache) {
        BridgeConfig c = v.config();
        ObjectNode n = Json.object().put("name", c.name()).put("enable", c.enable()).put("parallel", c.maxParallelProcesses());
        connector(n.putObject("connector"), c);
        n.put("hybrid_bridging", c.servers().size() > 1);
        ArrayNode hybrid = n.putArray("hybrid_servers");
        c.servers().stream().skip(1).map(BridgeServer::url).forEach(hybrid::add);
        ArrayNode forwards = n.putArray("forwards");
        for (BridgeForward f : c.forwards()) {
            forwards.addObject().put("local_topic", f.localTopic()).put("remote_topic", f.remoteTopic()).put("qos", f.qos())
                    .put("retain", f.retain()).put("prefix", f.prefix()).put("suffix", f.suffix());
        }
        ArrayNode subs = n.putArray("subscription");
        for (BridgeSubscription s : c.subscriptions()) {
            subs.addObject().put("remote_topic", s.remoteTopic()).put("local_topic", s.localTopic()).put("qos", s.qos())
                    .put("retain", s.retain()).put("retain_as_published", s.retainAsPublished())
                    .put("retain_handling", s.retainHandling()).put("no_local", s.noLocal()).put("prefix", s.prefix())
                    .put("suffix", s.suffix());
        }
        ObjectNode subProps = n.putObject("sub_properties").put("identifier", c.subscriptionId());
        userProperties(subProps, c.subscriptionUserProperties());
        if (c.will() != null) {
            n.putObject("will").put("topic", c.will().topic()).put("qos", c.will().qos()).put("retain", c.will().retain());
        }
        n.put("transparent", c.transparent()).put("backoff_max", c.backoffMax().toSeconds())
                .put("max_send_queue_len", c.maxSendQueueLen()).put("max_inflight", c.maxInflight()).put("max_recv_queue_len", c.maxRecvQueueLen())
                .put("resend_interval", c.resendInterval().toMillis()).put("resend_wait", c.resendWait().toMillis())
                .put("cancel_timeout", c.cancelTimeout().toMillis());
        status(n.putObject("status"), v, cache);
        return n;
    }

    private static void connector(ObjectNode o, BridgeConfig c) {
        o.put("server", c.servers().get(0).url()).put("proto_ver", c.version().level()).put("clientid", c.clientId())
                .put("keepalive", c.keepAlive().toSeconds()).put("clean_start", c.cleanStart())
                .put("username", c.username() == null ? "" : c.username())
                .put("password", c.password() == null ? "" : MASK);
        BridgeConfig.ConnProperties p = c.connProperties();
        ObjectNode props = o.putObject("conn_properties").put("session_expiry_interval", p.sessionExpiryInterval())
                .put("receive_maximum", p.receiveMaximum()).put("maximum_packet_size", p.maximumPacketSize())
                .put("topic_alias_maximum", p.topicAliasMaximum())
                .put("request_problem_information", p.requestProblemInformation())
                .put("request_response_information", p.requestResponseInformation());
        userProperties(props, p.userProperties());
        BridgeTlsConfig t = c.tls();
        ObjectNode ssl = o.putObject("ssl").put("enable", c.servers().get(0).tls());
        if (t != null) {
            ssl.put("cacertfile", text(t.caCertFile())).put("certfile", text(t.certFile())).put("keyfile", text(t.keyFile()))
                    .put("key_password", t.keyPassword() == null ? "" : MASK).put("verify_peer", t.verifyPeer())
                    .put("server_name_indication", t.serverNameIndication() == null ? "" : t.serverNameIndication());
        }
    }

    private static void status(ObjectNode o, BridgeView v, SessionBacklog cache) {
        o.put("state", v.state().name().toLowerCase(Locale.ROOT));
        if (v.server() == null) {
            o.putNull("server");
        } else {
            o.put("server", v.server());
        }
        if (v.nextAttemptAtMillis() == 0) {
            o.putNull("next_attempt_at");
        } else {
            o.put("next_attempt_at", Instant.ofEpochMilli(v.nextAttemptAtMillis()).toString());
        }
        o.putObject("cache").put("depth", cache.depth()).put("queued", cache.queued()).put("inflight", cache.inflight())
                .put("dropped_queue_full", cache.droppedQueueFull());
        BridgeStats s = v.stats();
        o.putObject("counters").put("sent", s.sent()).put("acked", s.acked()).put("refused", s.refused())
                .put("dropped", s.dropped()).put("received", s.received()).put("connects", s.connects())
                .put("connections_lost", s.connectionsLost());
    }

    /** NanoMQ's REST form: [{"key": "k", "value": "v"}]. */
    private static void userProperties(ObjectNode o, Map<String, String> props) {
        ArrayNode a = o.putArray("user_properties");
        props.forEach((k, val) -> a.addObject().put("key", k).put("value", val));
    }

    private static String text(Path p) {
        return p == null ? "" : p.toString();
    }
}
