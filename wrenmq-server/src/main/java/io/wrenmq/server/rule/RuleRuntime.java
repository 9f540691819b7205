package io.wrenmq.server.rule;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.bridge.BridgeOperations;
import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of one running broker: the file's and those made through the REST API, the {@link RuleEngine} that
 * feeds them and the {@link RuleFactory} that made them. A change swaps the engine's list of rules at once; a rule
 * that did not change keeps running (its actions, queues and counters) across a reload.
 */
public final class RuleRuntime implements RuleOperations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleRuntime.class);
    private static final String FILE = "file";
    private static final String API = "api";

    private final RuleEngine engine;
    private final RuleFactory factory;
    private final Map<String, Rule> rules = new LinkedHashMap<>(); // guarded by this: the file's first, then the API's

    private RuleRuntime(WrenBroker broker, BridgeOperations bridges, RulesConfig config) {
        this.engine = new RuleEngine(broker);
        this.factory = new RuleFactory(broker, bridges, config.databases());
    }

    /** Starts the engine with the file's rules; a rule that cannot be made stops the start (the message says why). */
    public static RuleRuntime start(WrenBroker broker, BridgeOperations bridges, RulesConfig config) throws Exception {
        RuleRuntime r = new RuleRuntime(broker, bridges, config);
        try {
            r.engine.start();
            synchronized (r) {
                for (RuleSpec spec : config.rules()) {
                    try {
                        r.add(r.factory.build(spec, FILE));
                    } catch (RuleRefusedException e) {
                        throw new IllegalStateException("rule " + spec.id() + ": " + e.getMessage(), e);
                    }
                }
                r.publish();
            }
            if (!config.rules().isEmpty()) {
                LOG.info("Rule engine: {} rules running", config.rules().size());
            }
            return r;
        } catch (Exception | Error e) {
            r.close();
            throw e;
        }
    }

    /** The engine, for its counters. */
    public RuleEngine engine() {
        return engine;
    }

    /**
     * Takes a reloaded file's rules: a file rule whose spec and database are unchanged keeps running, the others are
     * stopped, made again or started; the API's rules stay (made again when a database they use changed). Returns
     * what changed, for the reload report.
     */
    public synchronized List<String> reload(RulesConfig next) throws Exception {
        List<String> applied = new ArrayList<>();
        List<String> changedDatabases = factory.databases(next.databases());
        Map<String, RuleSpec> wanted = new LinkedHashMap<>();
        next.rules().forEach(s -> wanted.put(s.id(), s));
        Map<String, Rule> before = new LinkedHashMap<>(rules);
        rules.clear();
        List<Rule> stopped = new ArrayList<>();
        for (RuleSpec spec : next.rules()) {
            Rule old = before.get(spec.id());
            if (old != null && old.origin().equals(FILE) && old.spec().equals(spec) && !uses(spec, changedDatabases)) {
                rules.put(spec.id(), old);
                before.remove(spec.id());
                continue;
            }
            Rule fresh = buildOrWarn(spec, FILE);
            if (fresh != null) {
                add(fresh);
                applied.add("rules." + spec.id() + (old == null ? "" : " (restarted)"));
            }
        }
        for (Rule old : before.values()) {
            if (old.origin().equals(API) && !rules.containsKey(old.id())) {
                if (uses(old.spec(), changedDatabases)) {
                    stopped.add(old);
                    Rule fresh = buildOrWarn(old.spec(), API);
                    if (fresh != null) {
                        add(fresh);
                    }
                } else {
                    rules.put(old.id(), old);
                }
            } else {
                stopped.add(old);
                if (!wanted.containsKey(old.id())) {
                    applied.add("rules." + old.id() + " (stopped)");
                }
            }
        }
        publish();
        stopped.forEach(Rule::close);
        return applied;
    }

    private Rule buildOrWarn(RuleSpec spec, String origin) {
        try {
            return factory.build(spec, origin);
        } catch (RuleRefusedException e) {
            LOG.warn("Rule {} not started: {}", spec.id(), e.getMessage());
            return null;
        }
    }

    private static boolean uses(RuleSpec spec, List<String> databases) {
        return spec.actions().stream().anyMatch(a -> a instanceof ActionSpec.Table t && databases.contains(t.database()));
    }

    private void add(Rule rule) {
        rule.start();
        rules.put(rule.id(), rule);
    }

    /** Hands the current list to the engine (subscribing what is new, unsubscribing what is gone). */
    private void publish() throws Exception {
        engine.rules(new ArrayList<>(rules.values()));
    }

    // ---- RuleOperations (the REST API) ----

    @Override
    public synchronized List<RuleView> list() {
        return rules.values().stream().map(Rule::view).toList();
    }

    @Override
    public synchronized RuleView get(String id) {
        Rule r = rules.get(id);
        return r == null ? null : r.view();
    }

    @Override
    public synchronized RuleView create(RuleSpec spec) throws RuleRefusedException {
        if (rules.containsKey(spec.id())) {
            throw new RuleRefusedException("id: a rule " + spec.id() + " exists already");
        }
        Rule rule = factory.build(spec, API);
        add(rule);
        swapOrUndo(spec.id(), null);
        LOG.info("Rule {} created through the REST API: {}", spec.id(), spec.sql());
        return rule.view();
    }

    @Override
    public synchronized RuleView replace(RuleSpec spec) throws RuleRefusedException {
        Rule old = rules.get(spec.id());
        if (old == null) {
            throw new RuleRefusedException("id: there is no rule " + spec.id());
        }
        Rule rule = factory.build(spec, API);
        rule.start();
        rules.put(spec.id(), rule); // keeps its place in the order
        swapOrUndo(spec.id(), old);
        old.close();
        LOG.info("Rule {} replaced through the REST API: {}", spec.id(), spec.sql());
        return rule.view();
    }

    /** Gives the engine the new list; when it cannot subscribe, the change is undone and refused. */
    private void swapOrUndo(String id, Rule previous) throws RuleRefusedException {
        try {
            publish();
        } catch (Exception e) {
            Rule failed = previous == null ? rules.remove(id) : rules.put(id, previous);
            if (failed != null) {
                failed.close();
            }
            throw new RuleRefusedException("the engine could not subscribe its topics: " + e.getMessage());
        }
    }

    @Override
    public synchronized boolean delete(String id) {
        Rule r = rules.remove(id);
        if (r == null) {
            return false;
        }
        try {
            publish();
        } catch (Exception e) {
            LOG.warn("Rule {} removed, but its topics could not be unsubscribed: {}", id, e.getMessage());
        }
        r.close();
        LOG.info("Rule {} deleted through the REST API", id);
        return true;
    }

    @Override
    public List<Map<String, Object>> test(String sql, RuleMessage sample) throws RuleSqlException {
        return NONE.test(sql, sample); // no action, no state: the same for every engine
    }

    @Override
    public EngineStats engineStats() {
        return new EngineStats(engine.received(), engine.dropped(), engine.queued());
    }

    @Override
    public List<String> databases() {
        return factory.databases().keySet().stream().sorted().toList();
    }

    /** Stops the engine, every rule's actions (flushing what they can) and the pools. */
    @Override
    public synchronized void close() {
        engine.close();
        rules.values().forEach(Rule::close);
        rules.clear();
        factory.close();
    }
}
