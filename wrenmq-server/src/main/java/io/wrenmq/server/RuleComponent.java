package io.wrenmq.server;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import io.wrenmq.server.rule.RuleRuntime;
import io.wrenmq.server.rule.RulesConfig;

/**
 * The rule engine ({@code rules { ... }}) as a part of the server: started after the engine and the bridges (it
 * subscribes through the engine's in-process API, and its bridge actions publish over the bridges' links), stopped
 * before them, made again by ctrl/restart, and changed rule by rule by a hot reload. It is what the REST API changes
 * the rules through ({@code runtime.rules()}).
 */
final class RuleComponent implements ServerComponent {
    private final BrokerRuntime runtime;
    private RuleRuntime rules; // guarded by this

    RuleComponent(BrokerRuntime runtime) {
        this.runtime = runtime;
        RuleSysTopics sys = new RuleSysTopics(runtime::rules); // each rule's counters with every round of $SYS
        runtime.broker().sys().addSource(sys::entries);
        runtime.afterStart((started, config) -> started.sys().addSource(sys::entries));
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public synchronized void start() throws Exception {
        rules = RuleRuntime.start(runtime.broker(), runtime.bridges(), runtime.config().rules());
        runtime.rules(rules);
    }

    @Override
    public synchronized void engineReplaced(WrenBroker next, ServerConfig config) {
        if (rules != null) {
            rules.close(); // its subscriber and local actions belong to the engine that stopped
            rules = null;
        }
    }

    @Override
    public synchronized void engineRestarted(WrenBroker started, ServerConfig config) {
        try {
            rules = RuleRuntime.start(started, runtime.bridges(), config.rules());
            runtime.rules(rules);
        } catch (Exception e) {
            throw new IllegalStateException("the rule engine did not start with the restarted broker: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void reload(ServerConfig fresh, ReloadReport report) throws Exception {
        RulesConfig next = fresh.rules();
        if (rules != null) {
            rules.reload(next).forEach(report::applied);
        }
    }

    @Override
    public synchronized void close() {
        if (rules != null) {
            rules.close();
            rules = null;
        }
    }
}
