package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.server.reload.BrokerRuntime;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** {@code /}, {@code /brokers}, {@code /nodes}, {@code /metrics}: what the broker is and its counters (NanoMQ's shapes). */
final class BrokerEndpoints {
    private final BrokerRuntime runtime;
    private final Router router;

    BrokerEndpoints(BrokerRuntime runtime, Router router) {
        this.runtime = runtime;
        this.router = router;
    }

    void register(Router r) {
        r.get("/", "The list of endpoints", this::endpoints);
        r.get("/brokers", "Version, uptime, status and time of this broker", this::brokers);
        r.get("/nodes", "This node: version, uptime, connections, memory", this::nodes);
        r.get("/metrics", "Counters: messages, bytes, packets, clients, drops by reason (JSON)", this::metrics);
    }

    private ApiResponse endpoints(ApiRequest req) {
        ArrayNode a = Json.array();
        for (Router.Route route : router.routes()) {
            a.addObject().put("method", route.method()).put("path", HttpApiServer.PREFIX + route.pattern())
                    .put("descr", route.summary());
        }
        return ApiResponse.json(Json.ok(a));
    }

    private ObjectNode brokerInfo() {
        WrenBroker b = runtime.broker();
        return Json.object().put("node_name", b.config().nodeName())
                .put("datetime", OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("version", WrenBroker.version()).put("sysdescr", "WrenMQ Broker")
                .put("uptime", uptime(System.currentTimeMillis() - runtime.startedAtMillis()))
                .put("node_status", "Running");
    }

    private ApiResponse brokers(ApiRequest req) {
        return ApiResponse.json(Json.ok(Json.array().add(brokerInfo())));
    }

    private ApiResponse nodes(ApiRequest req) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ObjectNode n = brokerInfo().put("connections", runtime.broker().metrics().clientsConnected.get())
                .put("sessions", runtime.broker().sessions().size())
                .put("memory_used", heap.getUsed()).put("memory_total", heap.getMax());
        return ApiResponse.json(Json.ok(Json.array().add(n)));
    }

    private ApiResponse metrics(ApiRequest req) {
        WrenBroker b = runtime.broker();
        BrokerMetrics m = b.metrics();
        ObjectNode c = Json.object()
                .put("bytes.received", m.bytesReceived.sum()).put("bytes.sent", m.bytesSent.sum())
                .put("messages.received", m.messagesReceived.sum()).put("messages.sent", m.messagesSent.sum())
                .put("messages.dropped", m.messagesDropped.sum())
                .put("messages.qos0.received", m.messagesReceivedByQos[0].sum()).put("messages.qos0.sent", m.messagesSentByQos[0].sum())
                .put("messages.qos1.received", m.messagesReceivedByQos[1].sum()).put("messages.qos1.sent", m.messagesSentByQos[1].sum())
                .put("messages.qos2.received", m.messagesReceivedByQos[2].sum()).put("messages.qos2.sent", m.messagesSentByQos[2].sum())
                .put("messages.dropped.queue_full", m.messagesDroppedQueueFull.sum())
                .put("messages.dropped.expired", m.messagesDroppedExpired.sum())
                .put("messages.dropped.too_large", m.messagesDroppedTooLarge.sum())
                .put("messages.dropped.backpressure", m.messagesDroppedBackpressure.sum())
                .put("messages.retained", b.router().retainedStore().size())
                .put("packets.publish.received", m.publishReceived.sum()).put("packets.publish.sent", m.publishSent.sum())
                .put("client.connected", m.clientsConnected.get()).put("client.max", m.clientsMaximum())
                .put("client.auth.failure", m.authFailures.sum())
                .put("connections.accepted", m.connectionsAccepted.sum()).put("connections.open", m.connectionsOpen.get())
                .put("sessions.count", b.sessions().size())
                .put("subscriptions.count", b.router().trie().subscriptionCount())
                .put("protocol.errors", m.protocolErrors.sum()).put("tls.handshake.failures", m.tlsHandshakeFailures.sum());
        ObjectNode row = Json.object().put("node", b.config().nodeName());
        row.set("metrics", c);
        return ApiResponse.json(Json.ok(Json.array().add(row)));
    }

    static String uptime(long millis) {
        long s = millis / 1000;
        return String.format("%d days, %d hours, %d minutes, %d seconds", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    }
}
