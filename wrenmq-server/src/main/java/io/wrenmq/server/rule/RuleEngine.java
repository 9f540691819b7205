package io.wrenmq.server.rule;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.InProcessSubscriber;
import io.wrenmq.broker.api.ReceivedMessage;
import io.wrenmq.broker.api.SubscriberOptions;
import io.wrenmq.broker.message.Publisher;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.codec.UserProperty;
import io.wrenmq.server.rule.sql.RuleMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the broker's messages to the rules. The engine is ONE in-process subscriber of the broker (session
 * {@value #SESSION}) subscribed to every FROM filter of the enabled rules: at QoS 0, because the rules keep no
 * promise to the publisher (no acknowledgement or in-flight state per message; the rules read each message's own QoS
 * from {@link ReceivedMessage#publishedQos()}), with Retain As Published so they see its retain flag, and never sent
 * retained messages when a filter is subscribed (a rule acts on what is published from then on). The subscriber's
 * listener, on a broker event loop, only puts the message into a bounded queue: the publish path never waits for a
 * rule or an action. One thread ({@code wrenmq-rules}) takes the messages in order and runs every rule on each;
 * overlapping filters still bring a message once (one session gets one copy, MQTT 5 section 3.3.4). When the queue is
 * full a message is dropped for the rules (counted, logged every 10 s), never held.
 *
 * <p>Messages that a rule republished to this broker carry the engine's session name as their publisher and are not
 * fed to the rules again (No Local): a rule whose action publishes into its own FROM cannot loop.
 */
public final class RuleEngine implements AutoCloseable {
    /** The in-process session's name, and the publisher id of what the rules republish here. */
    public static final String SESSION = "wrenmq-rules";
    static final int QUEUE_SIZE = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);
    private static final int DRAIN = 256;
    private static final long DROP_LOG_INTERVAL_MILLIS = 10_000;
    private static final long IDLE_PARK_NANOS = 100_000_000;
    private static final long NAP_NANOS = 200_000;
    private static final int NAPS = 50;

    private final WrenBroker broker;
    private final ArrayBlockingQueue<ReceivedMessage> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
    private final Map<String, Integer> filterUse = new HashMap<>(); // guarded by this
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastDropLog = new AtomicLong();
    private final AtomicLong droppedAtLastLog = new AtomicLong();
    private final Thread worker;
    private volatile Plan plan = Plan.EMPTY;
    private volatile boolean closed;
    /** Set by the worker before it parks on an empty queue; a producer that sees it wakes the worker. */
    private volatile boolean sleeping;
    private long sequence; // the worker's only
    private InProcessSubscriber subscriber; // guarded by this

    public RuleEngine(WrenBroker broker) {
        this.broker = broker;
        this.worker = new Thread(this::run, "wrenmq-rules");
        worker.setDaemon(true);
    }

    /** Attaches the engine's subscriber and starts its thread; the broker must be running. */
    public synchronized void start() throws Exception {
        subscriber = broker.subscribe(SubscriberOptions.named(SESSION).persistent(false)
                .noLocal(true).retainAsPublished(true).retainHandling(2), this::onMessage).get(10, TimeUnit.SECONDS);
        worker.start();
    }

    /**
     * Makes {@code next} the running rules (in order): subscribes the filters that are new, unsubscribes those no
     * rule uses any more. The caller starts and closes the rules' actions.
     */
    synchronized void rules(List<Rule> next) throws Exception {
        Map<String, Integer> wanted = new HashMap<>();
        for (Rule r : next) {
            if (r.spec().enabled()) {
                r.topicFilters().forEach(f -> wanted.merge(f, 1, Integer::sum));
            }
        }
        for (String f : wanted.keySet()) {
            if (!filterUse.containsKey(f)) {
                subscriber.subscribe(f, 0).get(10, TimeUnit.SECONDS);
            }
        }
        plan = Plan.of(next.stream().filter(r -> r.spec().enabled()).toList());
        for (String f : filterUse.keySet()) {
            if (!wanted.containsKey(f)) {
                subscriber.unsubscribe(f).get(10, TimeUnit.SECONDS);
            }
        }
        filterUse.clear();
        filterUse.putAll(wanted);
    }

    /** Messages handed to the rules since start. */
    public long received() {
        return received.sum();
    }

    /** Messages the rules never saw because their queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Messages waiting for the rules. */
    public int queued() {
        return queue.size();
    }

    /** On a broker event loop: queue, never wait (the worker makes the rules' view of the message). */
    private void onMessage(ReceivedMessage m) {
        if (queue.offer(m)) {
            if (sleeping) {
                sleeping = false;
                LockSupport.unpark(worker); // only when it waits: no wake-up call per message under load
            }
        } else {
            dropped.increment();
            logDrops();
        }
    }

    /** What the rules see of a message; ids are a sequence of the engine's (NanoMQ shows a packet id there). */
    private RuleMessage ruleMessage(ReceivedMessage m, long receivedAt) {
        Publisher p = m.publisher();
        return new RuleMessage(Long.toString(++sequence), m.topic(), m.payload(), m.publishedQos(), m.isRetain(),
                p == null ? null : p.clientId(), p == null ? null : p.username(), p == null ? null : p.host(),
                receivedAt, userProperties(m), Map.of());
    }

    private static Map<String, String> userProperties(ReceivedMessage m) {
        List<UserProperty> list = m.properties().userProperties();
        if (list.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        list.forEach(u -> out.put(u.name(), u.value())); // a name given twice: the last value, as EMQX
        return out;
    }

    private void logDrops() {
        long now = System.currentTimeMillis();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_MILLIS && lastDropLog.compareAndSet(last, now)) {
            long total = dropped.sum();
            LOG.warn("Rule engine: {} messages dropped for the rules in the last {} s: the rules' queue ({} messages)"
                    + " was full (rules slower than the message rate)", total - droppedAtLastLog.getAndSet(total),
                    last == 0 ? "few" : (now - last) / 1000, QUEUE_SIZE);
        }
    }

    /**
     * The worker: takes what is queued and runs the rules on it. When the queue is empty it first naps briefly
     * ({@value #NAP_NANOS} ns, up to {@value #NAPS} times) without asking to be woken, so that under a steady stream
     * the event loops never pay for a wake-up call; only then does it sleep until a producer wakes it (or 100 ms pass,
     * in case a wake-up raced with the park). An idle engine thus costs no CPU, a busy one no system calls per message.
     */
    private void run() {
        List<ReceivedMessage> batch = new ArrayList<>(DRAIN);
        byte[] matched = new byte[0];
        int naps = 0;
        while (!closed) {
            try {
                queue.drainTo(batch, DRAIN);
                if (batch.isEmpty()) {
                    if (naps++ < NAPS) {
                        LockSupport.parkNanos(this, NAP_NANOS);
                        continue;
                    }
                    sleeping = true;
                    if (queue.isEmpty()) {
                        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                    }
                    sleeping = false;
                    continue;
                }
                naps = 0;
                Plan plan = this.plan;
                if (matched.length < plan.filters.length) {
                    matched = new byte[plan.filters.length];
                }
                // One clock read per batch: the worker takes what is queued within milliseconds of its arrival.
                long now = System.currentTimeMillis();
                for (ReceivedMessage m : batch) {
                    plan.run(ruleMessage(m, now), matched);
                }
                received.add(batch.size());
                batch.clear();
            } catch (RuntimeException e) {
                batch.clear();
                LOG.error("Rule engine: unexpected failure; the engine goes on with the next messages", e);
            }
        }
    }

    /**
     * The running rules and the distinct FROM filters among them: each filter is matched once per message however
     * many rules name it (ten rules on "sensors/#" cost one match, not ten).
     */
    private record Plan(Rule[] rules, String[] filters, boolean[] wildcard, int[][] filtersOf) {
        static final Plan EMPTY = new Plan(new Rule[0], new String[0], new boolean[0], new int[0][]);
        private static final byte UNKNOWN = 0;
        private static final byte YES = 1;
        private static final byte NO = 2;

        static Plan of(List<Rule> rules) {
            List<String> filters = new ArrayList<>();
            int[][] filtersOf = new int[rules.size()][];
            for (int r = 0; r < rules.size(); r++) {
                List<String> own = rules.get(r).topicFilters();
                filtersOf[r] = new int[own.size()];
                for (int i = 0; i < own.size(); i++) {
                    int at = filters.indexOf(own.get(i));
                    if (at < 0) {
                        at = filters.size();
                        filters.add(own.get(i));
                    }
                    filtersOf[r][i] = at;
                }
            }
            boolean[] wildcard = new boolean[filters.size()];
            for (int i = 0; i < wildcard.length; i++) {
                wildcard[i] = TopicSyntax.hasWildcard(filters.get(i));
            }
            return new Plan(rules.toArray(Rule[]::new), filters.toArray(String[]::new), wildcard, filtersOf);
        }

        /** Every rule whose FROM has the message's topic; {@code matched} is scratch space (one byte per filter). */
        void run(RuleMessage m, byte[] matched) {
            Arrays.fill(matched, 0, filters.length, UNKNOWN);
            for (int r = 0; r < rules.length; r++) {
                for (int f : filtersOf[r]) {
                    if (matched[f] == UNKNOWN) {
                        String filter = filters[f];
                        matched[f] = (wildcard[f] ? TopicSyntax.matches(filter, m.topic()) : filter.equals(m.topic()))
                                ? YES : NO;
                    }
                    if (matched[f] == YES) {
                        rules[r].processMatched(m);
                        break;
                    }
                }
            }
        }
    }

    /** Detaches from the broker and stops the thread; the rules' actions are the caller's to close. */
    @Override
    public synchronized void close() {
        closed = true;
        if (subscriber != null) {
            subscriber.close();
        }
        LockSupport.unpark(worker);
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
