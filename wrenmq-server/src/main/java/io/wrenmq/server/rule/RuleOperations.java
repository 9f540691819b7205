package io.wrenmq.server.rule;

import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSql;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.util.List;
import java.util.Map;

/**
 * What the REST API does with the rules ({@code /api/v4/rules}). Rules made here live until the broker stops (they
 * are not written to the configuration file); a reload replaces the file's rules and keeps these.
 */
public interface RuleOperations {

    /** Every rule, the file's first (in file order), then those made through the API. */
    List<RuleView> list();

    /** One rule, or null. */
    RuleView get(String id);

    /**
     * Adds and starts a rule.
     *
     * @throws RuleRefusedException when its id is taken, its SQL does not parse, or an action names a database or
     *     bridge that is not configured (the message says which)
     */
    RuleView create(RuleSpec spec) throws RuleRefusedException;

    /** Replaces a rule (its counters start again); a file rule replaced here counts as the API's from then on. */
    RuleView replace(RuleSpec spec) throws RuleRefusedException;

    /** Stops and removes a rule; false when there is none with that id. */
    boolean delete(String id);

    /**
     * Runs a statement against one sample message without any action: the rows it gives (none when WHERE is false
     * or the topic is not in FROM).
     *
     * @throws RuleSqlException when the statement does not parse (with line and column)
     */
    List<Map<String, Object>> test(String sql, RuleMessage sample) throws RuleSqlException;

    /**
     * The engine's own counters: messages handed to the rules, dropped because their queue was full, waiting now.
     */
    record EngineStats(long received, long dropped, int queued) {
    }

    EngineStats engineStats();

    /** The kinds of database blocks configured, by key ("sqlite", "postgresql.main", ...): what a table action may name. */
    List<String> databases();

    /** No rule engine running (the REST API served on its own, in tests): no rules, none can be made. */
    RuleOperations NONE = new RuleOperations() {
        @Override
        public List<RuleView> list() {
            return List.of();
        }

        @Override
        public RuleView get(String id) {
            return null;
        }

        @Override
        public RuleView create(RuleSpec spec) throws RuleRefusedException {
            throw new RuleRefusedException("the rule engine is not running");
        }

        @Override
        public RuleView replace(RuleSpec spec) throws RuleRefusedException {
            throw new RuleRefusedException("the rule engine is not running");
        }

        @Override
        public boolean delete(String id) {
            return false;
        }

        @Override
        public List<Map<String, Object>> test(String sql, RuleMessage sample) throws RuleSqlException {
            RuleSql parsed = RuleSql.parse(sql);
            return parsed.matchesTopic(sample.topic()) ? parsed.evaluate(sample) : List.of();
        }

        @Override
        public List<String> databases() {
            return List.of();
        }

        @Override
        public EngineStats engineStats() {
            return new EngineStats(0, 0, 0);
        }
    };
}
