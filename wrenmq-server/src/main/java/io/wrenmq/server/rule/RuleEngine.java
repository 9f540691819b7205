package io.wrenmq.server.rule;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.hook.BrokerEvent;
import io.wrenmq.broker.hook.BrokerEvents;
import io.wrenmq.broker.hook.EventType;
import io.wrenmq.broker.hook.MessageInfo;
import io.wrenmq.broker.message.Publisher;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.UserProperty;
import io.wrenmq.server.rule.sql.RuleMessage;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the broker's messages to the rules. The engine listens to the broker's {@code message_publish} event (the one
 * path every publication takes after its checks, MessageRouter.publish). On the publisher's event loop it matches the
 * topic against the rules' distinct FROM filters; when one matches it makes the rules' view of the message and
 * evaluates, right there, every matching rule of bounded cost - which is every rule that calls no regular expression
 * ({@link Rule#inline()}). Evaluation is CPU work bounded by the message's size, like the ACL check or the routing
 * beside it; what a rule's actions do with the rows never runs here (each action has its own bounded queue and thread,
 * and offering a row never waits). A rule that calls a regular expression (whose backtracking can take exponential
 * time on a crafted payload) is evaluated on the engine's own thread ({@value #SESSION}) instead: such messages go
 * through a bounded lock-free queue (dropped and counted when it is full, logged every 10 s, never held).
 *
 * <p>Why on the event loop: with the evaluation on a thread of its own, every message crossed to it and the thread
 * competed with the event loops for the same cores (wake-ups, context switches, cold caches). That cost more CPU per
 * message than the evaluation itself (bench/rules-10.conf: ~0.25 µs per message more; docs/benchmarks.md). EMQX, too,
 * runs its rules in the publishing connection's own process.
 *
 * <p>Messages that a rule republished to this broker carry the engine's name as their publisher and are not fed to
 * the rules again: a rule whose action publishes into its own FROM cannot loop.
 */
public final class RuleEngine implements BrokerEvents, AutoCloseable {
    /** The publisher id of what the rules republish here, and the name of the engine's thread. */
    public static final String SESSION = "wrenmq-rules";
    static final int QUEUE_SIZE = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);
    private static final int DRAIN = 256;
    private static final int ID_BLOCK = 1024;
    private static final long DROP_LOG_INTERVAL_MILLIS = 10_000;
    private static final long IDLE_PARK_NANOS = 100_000_000;
    private static final long NAP_NANOS = 200_000;
    private static final int NAPS = 50;

    private final WrenBroker broker;
    /** Many event loops offer, the engine's thread alone polls (JCTools' bounded MPSC array queue, as Netty ships it). */
    private final Queue<Queued> queue = PlatformDependent.newFixedMpscQueue(QUEUE_SIZE);
    private final List<ThreadState> threadStates = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<ThreadState> threadState = new FastThreadLocal<>() {
        @Override
        protected ThreadState initialValue() {
            ThreadState t = new ThreadState();
            threadStates.add(t);
            return t;
        }
    };
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder handedOver = new LongAdder();
    private final AtomicLong lastDropLog = new AtomicLong();
    private final AtomicLong droppedAtLastLog = new AtomicLong();
    private final Thread worker;
    private volatile RulePlan plan = RulePlan.EMPTY;
    private volatile boolean closed;
    /** Set by the worker before it parks on an empty queue; a producer that sees it wakes the worker. */
    private volatile boolean sleeping;
    private boolean registered; // guarded by this

    public RuleEngine(WrenBroker broker) {
        this.broker = broker;
        this.worker = new Thread(this::run, SESSION);
        worker.setDaemon(true);
    }

    /** Starts the engine's thread; the engine listens to the broker once there are rules. */
    public synchronized void start() {
        worker.start();
    }

    /**
     * Makes {@code next} the running rules (in order). With no enabled rule the engine does not listen at all, so a
     * broker without rules builds no publish events for it.
     */
    synchronized void rules(List<Rule> next) {
        plan = new RulePlan(next.stream().filter(r -> r.spec().enabled()).toList());
        boolean wanted = !plan.isEmpty();
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

    /** Messages handed to the rules since start (those a rule's FROM has). */
    public long received() {
        long total = 0;
        for (ThreadState t : threadStates) {
            total += t.received.sum();
        }
        return total;
    }

    /** Messages queued for the rules of the engine's thread (rules that call a regular expression). */
    public long handedOver() {
        return handedOver.sum();
    }

    /** Messages the rules of the engine's thread never saw because their queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Messages waiting for the rules of the engine's thread. */
    public int queued() {
        return queue.size();
    }

    /**
     * On the publishing thread (a client's event loop, or the caller of WrenBroker.publish): runs the matching rules
     * of bounded cost and queues the message for the others. The payload buffer is the broker's, valid during this
     * call only: the rules' view borrows it while they run here and copies it before the message is queued.
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
        RulePlan current = plan;
        long matched = current.match(m.topic());
        if (matched == 0) {
            return;
        }
        ThreadState t = threadState.get();
        t.received.increment();
        Publisher publisher = p.publisher();
        // The payload stays in the broker's buffer unless a rule reads it (a WHERE that drops the message on other
        // fields costs no copy); the id is written out only when read.
        RuleMessage message = RuleMessage.borrowing(t.nextId(), m.topic(), m.payload(), m.qos(), m.retain(),
                m.fromClientId(), m.fromUsername(), publisher == null ? null : publisher.host(), m.timestamp(),
                userProperties(p.properties()));
        if ((matched & current.inlineFilters) != 0) {
            current.run(message, matched, true, t.workers(current));
        }
        if ((matched & current.queuedFilters) != 0) {
            enqueue(new Queued(current, matched, message.detach())); // the buffer is the broker's only until we return
        }
    }

    private void enqueue(Queued q) {
        if (queue.offer(q)) {
            handedOver.increment();
            if (sleeping) {
                sleeping = false;
                LockSupport.unpark(worker); // only when it waits: no wake-up call per message under load
            }
        } else {
            dropped.increment();
            logDrops();
        }
    }

    /** A message for the rules of the engine's thread, with the filters of {@code plan} its topic matched. */
    private record Queued(RulePlan plan, long matched, RuleMessage message) {
    }

    /**
     * What one thread (an event loop, or the engine's) keeps for the rules: its worker of each rule of the current
     * plan (a rule kept across a change of rules keeps its worker, so its counters go on), its count of messages, and
     * a block of message ids taken from the engine's sequence ({@value #ID_BLOCK} at a time: one atomic operation per
     * block, not per message; ids are unique, and increase per thread). Only that thread touches it, but
     * {@link #received} is read from any thread.
     */
    private final class ThreadState {
        final WorkerCounter received = new WorkerCounter();
        private Map<Rule, Rule.Worker> byRule = new IdentityHashMap<>();
        private RulePlan plan;
        private Rule.Worker[] workers;
        private long nextId;
        private long idLimit;

        Rule.Worker[] workers(RulePlan p) {
            if (p != plan) {
                Map<Rule, Rule.Worker> next = new IdentityHashMap<>();
                Rule.Worker[] w = new Rule.Worker[p.rules.length];
                for (int i = 0; i < w.length; i++) {
                    Rule r = p.rules[i];
                    Rule.Worker kept = byRule.get(r);
                    w[i] = kept != null ? kept : r.newWorker();
                    next.put(r, w[i]);
                }
                byRule = next;
                workers = w;
                plan = p;
            }
            return workers;
        }

        long nextId() {
            if (nextId == idLimit) {
                nextId = ids.getAndAdd(ID_BLOCK);
                idLimit = nextId + ID_BLOCK;
            }
            return ++nextId;
        }
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
     * The engine's thread: takes what is queued and runs the rules of unbounded cost on it. When the queue is empty it
     * first naps briefly ({@value #NAP_NANOS} ns, up to {@value #NAPS} times) without asking to be woken, so that
     * under a steady stream the event loops never pay for a wake-up call; only then does it sleep until a producer
     * wakes it (or 100 ms pass, in case a wake-up raced with the park). An idle engine costs no CPU.
     */
    private void run() {
        int naps = 0;
        while (!closed) {
            try {
                Queued first = queue.poll();
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
                ThreadState t = threadState.get();
                int n = 0;
                for (Queued q = first; q != null; q = ++n < DRAIN ? queue.poll() : null) {
                    // Matched against a plan that has since been replaced: matched again, so that the rules that
                    // run are always the current ones.
                    RulePlan current = plan;
                    long matched = q.plan() == current ? q.matched() : current.match(q.message().topic());
                    current.run(q.message(), matched, false, t.workers(current));
                }
            } catch (RuntimeException e) {
                LOG.error("Rule engine: unexpected failure; the engine goes on with the next messages", e);
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
