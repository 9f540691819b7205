package io.wrenmq.server.rule;

import java.util.List;
import java.util.Objects;

/**
 * One rule as configured: its statement (checked by {@code RuleSql.parse} when it was read) and the actions its rows
 * go to. Equal specs mean the same running rule, so a reload leaves a rule that did not change alone.
 *
 * @param id          unique among the broker's rules: written in the file ({@code id = "..."}) or derived from where
 *                    the rule is written ("sqlite-1", "postgresql.main-2", ...); given or made up by the REST API
 * @param description free text for people ("" when none)
 */
public record RuleSpec(String id, String sql, String description, boolean enabled, List<ActionSpec> actions) {
    public RuleSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sql, "sql");
        description = description == null ? "" : description;
        actions = List.copyOf(actions);
    }

    public RuleSpec withEnabled(boolean value) {
        return new RuleSpec(id, sql, description, value, actions);
    }
}
