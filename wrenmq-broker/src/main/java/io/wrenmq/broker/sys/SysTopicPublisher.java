package io.wrenmq.broker.sys;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.broker.delivery.MessageRouter;
import io.wrenmq.broker.metrics.BrokerMetrics;
import io.wrenmq.broker.session.SessionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the broker's own state under {@code $SYS/brokers/<node>/} (EMQX's layout): the static facts
 * once at start, the statistics every {@code system.sys_interval}. Everything is retained (as Mosquitto
 * does), so a new subscriber sees the current values at once. Other parts of the process (the server's bridges) add
 * their own entries to each round with {@link #addSource}.
 */
public final class SysTopicPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SysTopicPublisher.class);

    private final String nodeName;
    private final Duration interval;
    private final BrokerMetrics metrics;
    private final SessionRegistry sessions;
    private final MessageRouter router;
    private final Consumer<Publication> publisher;
    private final String version;
    private final long startMillis = System.currentTimeMillis();
    private final List<Supplier<? extends CompletionStage<Map<String, String>>>> sources = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> timer;

    /**
     * @param nodeName  the topic level after $SYS/brokers/ (system.node_name)
     * @param interval  how often the statistics are published (system.sys_interval); 0 = only at start
     * @param router    for the statistics
     * @param publisher the broker's publish path ({@code WrenBroker.publish})
     */
    public SysTopicPublisher(String nodeName, Duration interval, BrokerMetrics metrics, SessionRegistry sessions,
            MessageRouter router, Consumer<Publication> publisher, String version) {
        this.nodeName = nodeName;
        this.interval = interval;
        this.publisher = publisher;
        this.metrics = metrics;
        this.sessions = sessions;
        this.router = router;
        this.version = version;
    }

    public String prefix() {
        return "$SYS/brokers/" + nodeName + "/";
    }

    public void start(EventExecutor executor) {
        executor.execute(() -> {
            publish("$SYS/brokers", nodeName);
            publish(prefix() + "version", version);
            publish(prefix() + "sysdescr", "WrenMQ MQTT broker");
            publishStatistics();
        });
        long every = interval.toMillis();
        if (every > 0) {
            timer = executor.scheduleAtFixedRate(this::publishStatistics, every, every, TimeUnit.MILLISECONDS);
        }
    }

    public void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Adds entries to every round of statistics from now on: {@code source} answers with topic suffixes (below
     * {@link #prefix()}) and values, asynchronously, so that it can read state other threads own (a session's queue)
     * without blocking the loop this publisher runs on; the entries are published, retained, when it answers. A round
     * whose source fails or answers null publishes nothing of it.
     */
    public void addSource(Supplier<? extends CompletionStage<Map<String, String>>> source) {
        sources.add(source);
    }

    /** The current statistics by topic suffix (also used by tests and, later, the REST API). */
    public Map<String, String> statistics() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("uptime", Long.toString((System.currentTimeMillis() - startMillis) / 1000));
        s.put("datetime", Instant.now().toString());
        s.put("stats/connections/count", Long.toString(metrics.clientsConnected.get()));
        s.put("stats/connections/max", Long.toString(metrics.clientsMaximum()));
        s.put("stats/sessions/count", Integer.toString(sessions.size()));
        s.put("stats/subscriptions/count", Integer.toString(router.trie().subscriptionCount()));
        s.put("stats/subscriptions/shared/count", Integer.toString(router.trie().sharedGroupCount()));
        s.put("stats/retained/count", Integer.toString(router.retainedStore().size()));
        s.put("metrics/messages/received", Long.toString(metrics.messagesReceived.sum()));
        s.put("metrics/messages/sent", Long.toString(metrics.messagesSent.sum()));
        s.put("metrics/messages/dropped", Long.toString(metrics.messagesDropped.sum()));
        s.put("metrics/bytes/received", Long.toString(metrics.bytesReceived.sum()));
        s.put("metrics/bytes/sent", Long.toString(metrics.bytesSent.sum()));
        // Security and overload counters (issue #6): what an operator watches for attacks and misconfiguration.
        s.put("metrics/auth/failures", Long.toString(metrics.authFailures.sum()));
        s.put("metrics/tls/handshake_failures", Long.toString(metrics.tlsHandshakeFailures.sum()));
        s.put("metrics/connections/refused/banned", Long.toString(metrics.limits.connectionsRefusedBanned.sum()
                + metrics.limits.connectsRefusedBanned.sum()));
        s.put("metrics/connections/refused/limit", Long.toString(metrics.limits.connectionsRefusedMaxConnections.sum()
                + metrics.limits.connectionsRefusedRate.sum()));
        s.put("metrics/subscriptions/refused", Long.toString(metrics.limits.subscriptionsRefusedQuota.sum()
                + metrics.limits.subscriptionsRefusedTopicLevels.sum()));
        return s;
    }

    private void publishStatistics() {
        publishAll(statistics());
        for (Supplier<? extends CompletionStage<Map<String, String>>> source : sources) {
            try {
                source.get().whenComplete((entries, e) -> {
                    if (e != null) {
                        LOG.debug("A $SYS source failed: {}", e.toString());
                    } else if (entries != null) {
                        publishAll(entries);
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("A $SYS source failed: {}", e.toString()); // the broker's own entries went out already
            }
        }
    }

    private void publishAll(Map<String, String> entries) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            publish(prefix() + e.getKey(), e.getValue());
        }
    }

    private void publish(String topic, String value) {
        publisher.accept(Publication.of(topic, value).retain(true).system());
    }
}
