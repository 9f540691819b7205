package io.wrenmq.server.http;

import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RuleView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The settings behind a {@link RuleView}, which carries the rule's statement and counters but not its actions'
 * settings: the spec this API gave the rule, or the configuration file's. A spec counts only while it still describes
 * the running rule (same statement, description, state and actions, by kind and name), so one made stale by a reload
 * or a restart is never shown; then the actions' params are unknown. (Once RuleView carries its RuleSpec, this goes.)
 */
final class RuleSpecs {
    private final BrokerRuntime runtime;
    private final Map<String, RuleSpec> made = new ConcurrentHashMap<>();

    RuleSpecs(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    /** A spec this API created or replaced a rule with. */
    void remember(RuleSpec spec) {
        made.put(spec.id(), spec);
    }

    void forget(String id) {
        made.remove(id);
    }

    /** The rule's settings, or null when they are not known. */
    RuleSpec of(RuleView v) {
        Stream<RuleSpec> file = runtime.config().rules().rules().stream().filter(s -> s.id().equals(v.id()));
        return Stream.concat(Stream.ofNullable(made.get(v.id())), file).filter(s -> describes(s, v)).findFirst()
                .orElse(null);
    }

    private static boolean describes(RuleSpec s, RuleView v) {
        if (!s.sql().equals(v.sql()) || !s.description().equals(v.description()) || s.enabled() != v.enabled()
                || s.actions().size() != v.actions().size()) {
            return false;
        }
        for (int i = 0; i < s.actions().size(); i++) {
            ActionSpec a = s.actions().get(i);
            RuleView.ActionView running = v.actions().get(i);
            if (!a.kind().equals(running.kind()) || !running.name().equals(RuleJson.actionName(a))) {
                return false;
            }
        }
        return true;
    }
}
