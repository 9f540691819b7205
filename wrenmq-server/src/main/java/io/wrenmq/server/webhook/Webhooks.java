package io.wrenmq.server.webhook;

import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventHub;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.server.outbound.OutboundHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebHook feature: a {@link BrokerEvents} listener that routes each event to the targets whose
 * {@code events} rules want it. On the event loop it only matches rules, copies a message payload and enqueues
 * ({@link WebhookTarget#offer}); JSON building and HTTP run on the targets' own threads. Only the event types some
 * enabled target names are produced by the broker at all ({@link #interests()}).
 */
public final class Webhooks implements BrokerEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    // Created with the first enabled target: a broker without WebHooks starts no thread for them.
    private OutboundHttp http;
    private ScheduledExecutorService retries;
    private volatile List<WebhookTarget> targets = List.of();
    private volatile Set<EventType> interests = EnumSet.noneOf(EventType.class);
    private EventHub hub;

    private void createClient() {
        if (http != null) {
            return;
        }
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wrenmq-webhook-retry");
            t.setDaemon(true);
            return t;
        });
        this.http = new OutboundHttp("wrenmq-webhook-http", Duration.ofSeconds(5));
    }

    /** Starts the enabled targets and registers with the broker's events. */
    public synchronized void start(EventHub events, List<WebhookConfig> configs) {
        this.hub = events;
        replace(configs);
        events.register(this);
    }

    /**
     * Swaps the targets (a reload): new targets start, the old ones stop (events still queued in them are dropped,
     * requests in flight finish). Counters start again from zero.
     */
    public synchronized void replace(List<WebhookConfig> configs) {
        List<WebhookTarget> next = new ArrayList<>();
        Set<EventType> wanted = EnumSet.noneOf(EventType.class);
        for (WebhookConfig c : configs) {
            if (!c.enable()) {
                continue;
            }
            createClient();
            WebhookTarget t = new WebhookTarget(c, http.client(), retries);
            t.start();
            next.add(t);
            c.rules().forEach(r -> wanted.add(r.event()));
            LOG.info("WebHook {} -> {} for {}", c.name(), c.url(), c.rules().stream().map(r -> r.event().hookName()
                    + (r.topic() != null ? " (" + r.topic() + ")" : "")).toList());
        }
        List<WebhookTarget> old = targets;
        targets = List.copyOf(next);
        interests = wanted;
        if (hub != null) {
            hub.refresh();
        }
        old.forEach(WebhookTarget::stop);
    }

    @Override
    public Set<EventType> interests() {
        return interests;
    }

    @Override
    public void onEvent(BrokerEvent event) {
        EventType type = event.type();
        MessageInfo message = messageOf(event);
        String topic = message != null ? message.topic() : null;
        byte[] payload = null;
        for (WebhookTarget t : targets) {
            if (!wants(t.config(), type, topic)) {
                continue;
            }
            if (message != null && payload == null) {
                payload = message.payloadBytes(); // the broker's buffer is valid only during this call
            }
            int requests = event instanceof BrokerEvent.ClientSubscribe s ? s.subscriptions().size()
                    : event instanceof BrokerEvent.ClientUnsubscribe u ? u.topicFilters().size() : 1;
            for (int i = 0; i < requests; i++) {
                t.offer(new Pending(event, payload, i));
            }
        }
    }

    private static boolean wants(WebhookConfig c, EventType type, String topic) {
        for (WebhookRule r : c.rules()) {
            if (r.matches(type, topic)) {
                return true;
            }
        }
        return false;
    }

    private static MessageInfo messageOf(BrokerEvent e) {
        if (e instanceof BrokerEvent.MessagePublish p) {
            return p.message();
        }
        if (e instanceof BrokerEvent.MessageDelivered d) {
            return d.message();
        }
        return e instanceof BrokerEvent.MessageAcked a ? a.message() : null;
    }

    /** Each running target's counters, by target name. */
    public Map<String, WebhookMetrics> metrics() {
        Map<String, WebhookMetrics> out = new LinkedHashMap<>();
        for (WebhookTarget t : targets) {
            out.put(t.config().name(), t.metrics());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (hub != null) {
            hub.unregister(this);
        }
        targets.forEach(WebhookTarget::stop);
        targets = List.of();
        if (retries != null) {
            retries.shutdownNow();
            http.close(); // requests in flight finish or time out (cancel_timeout)
        }
    }
}
