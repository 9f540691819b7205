package io.wrenmq.server.http;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.SessionBacklog;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.metrics.LimitsMetrics;
import io.wrenmq.server.bridge.BridgeCaches;
import io.wrenmq.server.bridge.BridgeView;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.webhook.WebhookMetrics;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * {@code /api/v4/prometheus} and {@code /metrics}: the broker's counters, its gauges, the JVM and the process in
 * the Prometheus text exposition format 0.0.4, written by hand (a dozen families do not justify a library).
 * Counters end in {@code _total}; every family has HELP and TYPE lines before its samples.
 */
final class PrometheusExporter {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final BrokerRuntime runtime;

    PrometheusExporter(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    void register(Router r) {
        r.get("/prometheus", "Metrics in the Prometheus text format (also served at /metrics)", req -> ApiResponse.text(CONTENT_TYPE, scrape()));
    }

    String scrape() {
        WrenBroker b = runtime.broker();
        BrokerMetrics m = b.metrics();
        LimitsMetrics l = m.limits;
        Out o = new Out();
        o.gauge("wrenmq_connections", "Open network connections (MQTT connected or not yet)", m.connectionsOpen.get());
        o.gauge("wrenmq_clients_connected", "Clients with an attached session", m.clientsConnected.get());
        o.gauge("wrenmq_clients_connected_max", "Most clients connected at once since start", m.clientsMaximum());
        o.gauge("wrenmq_sessions", "Sessions, connected or kept for offline clients", b.sessions().size());
        o.gauge("wrenmq_subscriptions", "Subscriptions in the routing trie", b.router().trie().subscriptionCount());
        o.gauge("wrenmq_retained_messages", "Retained messages stored", b.router().retainedStore().size());
        o.counter("wrenmq_connections_accepted_total", "Connections accepted", m.connectionsAccepted.sum());
        o.counter("wrenmq_messages_received_total", "Application messages received (PUBLISH, wills, API)", m.messagesReceived.sum());
        o.counter("wrenmq_messages_sent_total", "Application messages sent to subscribers", m.messagesSent.sum());
        o.header("wrenmq_messages_received_by_qos_total", "counter", "PUBLISH messages received from clients, by QoS");
        for (int q = 0; q < 3; q++) {
            o.sample("wrenmq_messages_received_by_qos_total{qos=\"" + q + "\"}", m.messagesReceivedByQos[q].sum());
        }
        o.header("wrenmq_messages_sent_by_qos_total", "counter", "PUBLISH messages sent to clients, by QoS");
        for (int q = 0; q < 3; q++) {
            o.sample("wrenmq_messages_sent_by_qos_total{qos=\"" + q + "\"}", m.messagesSentByQos[q].sum());
        }
        o.header("wrenmq_messages_dropped_total", "counter", "Messages dropped, by reason");
        o.sample("wrenmq_messages_dropped_total{reason=\"queue_full\"}", m.messagesDroppedQueueFull.sum());
        o.sample("wrenmq_messages_dropped_total{reason=\"expired\"}", m.messagesDroppedExpired.sum());
        o.sample("wrenmq_messages_dropped_total{reason=\"too_large\"}", m.messagesDroppedTooLarge.sum());
        o.sample("wrenmq_messages_dropped_total{reason=\"backpressure\"}", m.messagesDroppedBackpressure.sum());
        o.counter("wrenmq_publish_packets_received_total", "PUBLISH packets received", m.publishReceived.sum());
        o.counter("wrenmq_publish_packets_sent_total", "PUBLISH packets sent", m.publishSent.sum());
        o.counter("wrenmq_bytes_received_total", "Bytes received from clients", m.bytesReceived.sum());
        o.counter("wrenmq_bytes_sent_total", "Bytes sent to clients", m.bytesSent.sum());
        o.counter("wrenmq_auth_failures_total", "CONNECTs refused by authentication", m.authFailures.sum());
        o.counter("wrenmq_protocol_errors_total", "Connections closed for a protocol error", m.protocolErrors.sum());
        o.counter("wrenmq_tls_handshake_failures_total", "TLS handshakes that failed or timed out", m.tlsHandshakeFailures.sum());
        o.header("wrenmq_connections_refused_total", "counter", "Connections refused at accept or CONNECT, by reason");
        o.sample("wrenmq_connections_refused_total{reason=\"banned_address\"}", l.connectionsRefusedBanned.sum());
        o.sample("wrenmq_connections_refused_total{reason=\"banned_client\"}", l.connectsRefusedBanned.sum());
        o.sample("wrenmq_connections_refused_total{reason=\"max_connections\"}", l.connectionsRefusedMaxConnections.sum());
        o.sample("wrenmq_connections_refused_total{reason=\"conn_rate\"}", l.connectionsRefusedRate.sum());
        o.counter("wrenmq_flapping_bans_total", "Bans added by flapping detection and failed logins", l.flappingBans.sum());
        o.counter("wrenmq_publish_throttled_total", "Times a publisher was paused by messages_rate/bytes_rate", l.publishThrottled.sum());
        o.gauge("wrenmq_clients_throttled", "Publishers paused right now", l.clientsThrottled.get());
        o.header("wrenmq_limit_refusals_total", "counter", "SUBSCRIBE/PUBLISH refused by limits, by reason");
        o.sample("wrenmq_limit_refusals_total{reason=\"max_subscriptions\"}", l.subscriptionsRefusedQuota.sum());
        o.sample("wrenmq_limit_refusals_total{reason=\"max_topic_levels_subscribe\"}", l.subscriptionsRefusedTopicLevels.sum());
        o.sample("wrenmq_limit_refusals_total{reason=\"max_topic_levels_publish\"}", l.publishesRefusedTopicLevels.sum());
        webhooks(runtime.webhookMetrics(), o);
        bridges(b, runtime.bridges().list(), o);
        RuleMetricFamilies.write(runtime.rules(), o);
        GatewayMetricFamilies.write(runtime.gateways(), o);
        o.counter("wrenmq_deliveries_queued_inflight_full_total", "QoS 1/2 deliveries queued because the in-flight window was full",
                l.deliveriesQueuedInflightFull.sum());
        o.counter("wrenmq_publishers_slowed_down_total", "Times a publisher was paused because a QoS 1/2 subscriber it feeds had a full queue",
                l.publishersSlowedDown.sum());
        o.counter("wrenmq_slow_subscribers_given_up_total", "Subscribers that took nothing for backpressure_timeout with a full queue",
                l.slowSubscribersGivenUp.sum());
        o.gauge("wrenmq_queued_above_limit_bytes", "Bytes connected subscribers hold above max_mqueue_len while their publishers slow down",
                l.queuedAboveLimitBytes.get());
        o.counter("wrenmq_store_commits_total", "Persistence transactions committed", m.storeCommits.sum());
        o.counter("wrenmq_store_errors_total", "Persistence transactions that failed", m.storeErrors.sum());
        queueDepths(b, o);
        jvm(o);
        process(o);
        return o.toString();
    }

    /** Per WebHook target: requests by result, retries, events dropped on a full queue, events queued now. */
    private static void webhooks(Map<String, WebhookMetrics> targets, Out o) {
        if (targets.isEmpty()) {
            return; // no families without samples
        }
        o.header("wrenmq_webhook_requests_total", "counter", "WebHook requests by target and result (sent = 2xx; failed = after every retry)");
        targets.forEach((name, m) -> {
            o.sample("wrenmq_webhook_requests_total{target=\"" + Out.label(name) + "\",result=\"sent\"}", m.sent.sum());
            o.sample("wrenmq_webhook_requests_total{target=\"" + Out.label(name) + "\",result=\"failed\"}", m.failed.sum());
        });
        o.header("wrenmq_webhook_retries_total", "counter", "WebHook attempts that failed and were tried again");
        targets.forEach((name, m) -> o.sample("wrenmq_webhook_retries_total{target=\"" + Out.label(name) + "\"}", m.retried.sum()));
        o.header("wrenmq_webhook_events_dropped_total", "counter", "WebHook events dropped because the target's queue was full");
        targets.forEach((name, m) -> o.sample("wrenmq_webhook_events_dropped_total{target=\"" + Out.label(name) + "\"}", m.dropped.sum()));
        o.header("wrenmq_webhook_queued_events", "gauge", "WebHook events waiting to be sent");
        targets.forEach((name, m) -> o.sample("wrenmq_webhook_queued_events{target=\"" + Out.label(name) + "\"}", m.queued.get()));
    }

    /**
     * Per bridge ({@code bridge="<name>"}): the link's state, its offline cache (what waits in its forward session,
     * read on the session's loop; a scrape does not wait more than a second for it) and its counters, which start at 0
     * when the bridge is started again (Prometheus' rate() takes that as a counter reset).
     */
    private static void bridges(WrenBroker b, List<BridgeView> views, Out o) {
        if (views.isEmpty()) {
            return; // no families without samples
        }
        Map<String, SessionBacklog> caches = BridgeCaches.of(b, views)
                .completeOnTimeout(Map.of(), 1, TimeUnit.SECONDS).join();
        SessionBacklog none = new SessionBacklog(0, 0, 0);
        ToDoubleFunction<BridgeView> state = v -> switch (v.state()) {
            case STOPPED -> 0;
            case CONNECTING -> 1;
            case CONNECTED -> 2;
        };
        bridgeFamily(o, views, "wrenmq_bridge_state", "gauge", "Bridge link: 0 stopped, 1 connecting, 2 connected", state);
        bridgeFamily(o, views, "wrenmq_bridge_cache_messages", "gauge",
                "Messages waiting in the bridge's offline cache (its forward session: queued and in flight)",
                v -> caches.getOrDefault(v.name(), none).depth());
        bridgeFamily(o, views, "wrenmq_bridge_cache_inflight_messages", "gauge",
                "Forwarded QoS 1/2 messages sent to the remote and not yet acknowledged",
                v -> caches.getOrDefault(v.name(), none).inflight());
        bridgeFamily(o, views, "wrenmq_bridge_cache_dropped_total", "counter",
                "Messages the full offline cache dropped (bridges.mqtt.cache.disk_cache_size; the oldest first)",
                v -> caches.getOrDefault(v.name(), none).droppedQueueFull());
        bridgeFamily(o, views, "wrenmq_bridge_messages_sent_total", "counter", "Forwards handed to the remote, resends included",
                v -> v.stats().sent());
        bridgeFamily(o, views, "wrenmq_bridge_messages_acked_total", "counter", "Forwards the remote acknowledged",
                v -> v.stats().acked());
        bridgeFamily(o, views, "wrenmq_bridge_messages_refused_total", "counter",
                "Forwards the remote acknowledged with an error reason code", v -> v.stats().refused());
        bridgeFamily(o, views, "wrenmq_bridge_messages_dropped_total", "counter",
                "Messages not mapped to a valid topic, either way", v -> v.stats().dropped());
        bridgeFamily(o, views, "wrenmq_bridge_messages_received_total", "counter",
                "Messages from the remote published here", v -> v.stats().received());
        bridgeFamily(o, views, "wrenmq_bridge_connects_total", "counter", "Successful connections to the remote",
                v -> v.stats().connects());
        bridgeFamily(o, views, "wrenmq_bridge_connections_lost_total", "counter",
                "Established connections to the remote that ended other than by a stop", v -> v.stats().connectionsLost());
    }

    private static void bridgeFamily(Out o, List<BridgeView> views, String name, String type, String help,
            ToDoubleFunction<BridgeView> value) {
        o.header(name, type, help);
        views.forEach(v -> o.sample(name + "{bridge=\"" + Out.label(v.name()) + "\"}", value.applyAsDouble(v)));
    }

    private static void queueDepths(WrenBroker b, Out o) {
        long queued = 0;
        long inflight = 0;
        for (SessionSnapshots.Snapshot s : SessionSnapshots.all(b.sessions().sessions())) {
            queued += s.queued();
            inflight += s.inflight();
        }
        o.gauge("wrenmq_session_queued_messages", "Messages waiting in session queues (all sessions)", queued);
        o.gauge("wrenmq_session_inflight_messages", "QoS 1/2 messages in flight to clients (all sessions)", inflight);
    }

    private static void jvm(Out o) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        o.header("jvm_memory_used_bytes", "gauge", "JVM memory in use");
        o.sample("jvm_memory_used_bytes{area=\"heap\"}", heap.getUsed());
        o.sample("jvm_memory_used_bytes{area=\"nonheap\"}", nonHeap.getUsed());
        o.header("jvm_memory_committed_bytes", "gauge", "JVM memory committed");
        o.sample("jvm_memory_committed_bytes{area=\"heap\"}", heap.getCommitted());
        o.sample("jvm_memory_committed_bytes{area=\"nonheap\"}", nonHeap.getCommitted());
        o.gauge("jvm_memory_max_bytes", "Largest heap the JVM may use (-1 = undefined)", heap.getMax());
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        o.header("jvm_gc_collections_total", "counter", "Garbage collections, by collector");
        gcs.forEach(gc -> o.sample("jvm_gc_collections_total{gc=\"" + Out.label(gc.getName()) + "\"}", Math.max(0, gc.getCollectionCount())));
        o.header("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection, by collector");
        gcs.forEach(gc -> o.sample("jvm_gc_collection_seconds_total{gc=\"" + Out.label(gc.getName()) + "\"}",
                Math.max(0, gc.getCollectionTime()) / 1000.0));
        o.gauge("jvm_threads_live", "Live JVM threads", ManagementFactory.getThreadMXBean().getThreadCount());
        o.gauge("jvm_threads_daemon", "Live daemon threads", ManagementFactory.getThreadMXBean().getDaemonThreadCount());
    }

    private static void process(Out o) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof OperatingSystemMXBean sun) {
            o.counter("process_cpu_seconds_total", "CPU time used by the process", sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            o.gauge("process_open_fds", "Open file descriptors", unix.getOpenFileDescriptorCount());
            o.gauge("process_max_fds", "Most file descriptors the process may open", unix.getMaxFileDescriptorCount());
        }
        long rss = residentBytes();
        if (rss >= 0) {
            o.gauge("process_resident_memory_bytes", "Resident set size", rss);
        }
        o.gauge("process_start_time_seconds", "When the process started, seconds since the epoch",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    }

    /** VmRSS from /proc (Linux); -1 elsewhere. */
    private static long residentBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The text format's writer. */
    static final class Out {
        private final StringBuilder b = new StringBuilder(8192);

        void header(String name, String type, String help) {
            b.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void sample(String nameAndLabels, double value) {
            b.append(nameAndLabels).append(' ').append(format(value)).append('\n');
        }

        void counter(String name, String help, double value) {
            header(name, "counter", help);
            sample(name, value);
        }

        void gauge(String name, String help, double value) {
            header(name, "gauge", help);
            sample(name, value);
        }

        static String format(double v) {
            if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return String.format(Locale.ROOT, "%s", v);
        }

        /** A label value: backslash, quote and newline escaped. */
        static String label(String v) {
            return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
