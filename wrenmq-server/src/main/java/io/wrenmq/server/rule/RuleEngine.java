package io.wrenmq.server.rule;

import io.netty.util.internal.PlatformDependent;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.broker.message.Publisher;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.codec.UserProperty;
import io.wrenmq.server.rule.sql.RuleMessage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the broker's messages to the rules. The engine listens to the broker's {@code message_publish} event (the one
 * path every publication takes after its checks, MessageRouter.publish): on the publisher's event loop it only
 * matches the topic against the rules' distinct FROM filters and, when one matches, copies the message into a bounded
 * lock-free queue - the publish path never waits for a rule or an action, and a message no rule wants costs the
 * filter checks only. One thread ({@code wrenmq-rules}) takes the messages in order and runs the rules on each. When
 * the queue is full a message is dropped for the rules (counted, logged every 10 s), never held.
 *
 * <p>Why an event and not an in-process subscription (as the engine was first built): a subscription made every
 * message go through a session's delivery path (outbound flow, a received-message object, delivery counters and the
 * hand-over to the session's loop) only for the engine to look at it; the event costs a filter match and a copy. The
 * rules see what they saw before: every message published after its checks, with its own QoS and retain flag, and not
 * retained messages when a rule starts (a rule acts on what is published from then on).
 *
 * <p>Messages that a rule republished to this broker carry the engine's name as their publisher and are not fed to
 * the rules again: a rule whose action publishes into its own FROM cannot loop.
 */
public final class RuleEngine implements BrokerEvents, AutoCloseable {
    /** The publisher id of what the rules republish here (and the engine's thread name). */
    public static final String SESSION = "wrenmq-rules";
    static final int QUEUE_SIZE = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);
    private static final int DRAIN = 256;
    private static final long DROP_LOG_INTERVAL_MILLIS = 10_000;
    private static final long IDLE_PARK_NANOS = 100_000_000;
    private static final long NAP_NANOS = 200_000;
    private static final int NAPS = 50;

    private final WrenBroker broker;
    /** Many event loops offer, the worker alone polls (JCTools' bounded MPSC array queue, as Netty ships it). */
    private final Queue<Pending> queue = PlatformDependent.newFixedMpscQueue(QUEUE_SIZE);
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
    private boolean registered; // guarded by this

    public RuleEngine(WrenBroker broker) {
        this.broker = broker;
        this.worker = new Thread(this::run, SESSION);
        worker.setDaemon(true);
    }

    /** Starts the engine's thread; it listens to the broker once there are rules. */
    public synchronized void start() {
        worker.start();
    }

    /**
     * Makes {@code next} the running rules (in order). With no enabled rule the engine does not listen at all, so a
     * broker without rules builds no publish events for it.
     */
    synchronized void rules(List<Rule> next) {
        plan = Plan.of(next.stream().filter(r -> r.spec().enabled()).toList());
        boolean wanted = plan.rules.length > 0;
        if (wanted != registered) {
            if (wanted) {
                broker.events().register(this);
            } else {
                broker.events().unregister(this);
            }
            registered = wanted;
        }
    }

    @Override
    public Set<EventType> interests() {
        return EnumSet.of(EventType.MESSAGE_PUBLISH);
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

    /**
     * On the publisher's event loop: when a rule's FROM has the topic, copy what the rules read (the payload buffer is
     * the broker's, valid during this call only) and queue it; never wait.
     */
    @Override
    public void onEvent(BrokerEvent event) {
        if (!(event instanceof BrokerEvent.MessagePublish p)) {
            return;
        }
        MessageInfo m = p.message();
        if (SESSION.equals(m.fromClientId())) {
            return; // republished by a rule: not fed again (no loops)
        }
        Plan current = plan;
        long matched = current.match(m.topic());
        if (matched == 0) {
            return;
        }
        Pending pending = new Pending(current, matched, m.topic(), m.payloadBytes(), m.qos(), m.retain(), p.publisher(),
                m.fromClientId(), m.fromUsername(), userProperties(p.properties()), m.timestamp());
        if (queue.offer(pending)) {
            if (sleeping) {
                sleeping = false;
                LockSupport.unpark(worker); // only when it waits: no wake-up call per message under load
            }
        } else {
            dropped.increment();
            logDrops();
        }
    }

    /** A message queued for the rules, with the filters of {@code plan} its topic matched. */
    private record Pending(Plan plan, long matched, String topic, byte[] payload, int qos, boolean retain,
            Publisher publisher, String clientId, String username, Map<String, String> userProperties,
            long timestamp) {
    }

    /** What the rules see of a message; ids are a sequence of the engine's (NanoMQ shows a packet id there). */
    private RuleMessage ruleMessage(Pending m) {
        Publisher p = m.publisher();
        return new RuleMessage(Long.toString(++sequence), m.topic(), m.payload(), m.qos(), m.retain(), m.clientId(),
                m.username(), p == null ? null : p.host(), m.timestamp(), m.userProperties(), Map.of());
    }

    private static Map<String, String> userProperties(Properties properties) {
        List<UserProperty> list = properties == null ? List.of() : properties.userProperties();
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
        int naps = 0;
        while (!closed) {
            try {
                Pending first = queue.poll();
                if (first == null) {
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
                int n = 0;
                for (Pending m = first; m != null; m = ++n < DRAIN ? queue.poll() : null) {
                    // A message matched against a plan that has since been replaced is matched again: the rules
                    // that run are always the current ones.
                    Plan current = plan;
                    current.run(ruleMessage(m), m.plan() == current ? m.matched() : current.match(m.topic()));
                }
                received.add(n);
            } catch (RuntimeException e) {
                LOG.error("Rule engine: unexpected failure; the engine goes on with the next messages", e);
            }
        }
    }

    /**
     * The running rules and the distinct FROM filters among them: each filter is matched once per message however
     * many rules name it (ten rules on "sensors/#" cost one match, not ten), on the publisher's loop, and the result
     * travels with the message as a bit set (bit i: filter i; filters past the 63rd share bit 63, "match them again").
     */
    private record Plan(Rule[] rules, String[] filters, boolean[] wildcard, int[][] filtersOf) {
        static final Plan EMPTY = new Plan(new Rule[0], new String[0], new boolean[0], new int[0][]);
        private static final int LAST_BIT = 63;

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

        /** The filters that have {@code topic}, as a bit set; 0 when none. */
        long match(String topic) {
            long bits = 0;
            for (int f = 0; f < filters.length; f++) {
                if (matches(f, topic)) {
                    bits |= 1L << Math.min(f, LAST_BIT);
                    if (f >= LAST_BIT) {
                        break; // the worker matches the filters from the 63rd on itself
                    }
                }
            }
            return bits;
        }

        private boolean matches(int f, String topic) {
            return wildcard[f] ? TopicSyntax.matches(filters[f], topic) : filters[f].equals(topic);
        }

        /** Every rule, in order, with a filter in {@code bits} (see {@link #match}). */
        void run(RuleMessage m, long bits) {
            for (int r = 0; r < rules.length; r++) {
                for (int f : filtersOf[r]) {
                    if (f < LAST_BIT ? (bits & (1L << f)) != 0
                            : (bits & (1L << LAST_BIT)) != 0 && matches(f, m.topic())) {
                        rules[r].processMatched(m);
                        break;
                    }
                }
            }
        }
    }

    /** Stops listening and stops the thread; the rules' actions are the caller's to close. */
    @Override
    public synchronized void close() {
        closed = true;
        if (registered) {
            broker.events().unregister(this);
            registered = false;
        }
        LockSupport.unpark(worker);
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
