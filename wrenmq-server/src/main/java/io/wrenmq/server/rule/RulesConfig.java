package io.wrenmq.server.rule;

import io.wrenmq.server.rule.action.DatabaseConfig;
import java.util.List;
import java.util.Map;

/**
 * The configuration file's {@code rules { ... }}: the databases its blocks name ({@code rules.sqlite},
 * {@code rules.postgresql.<name>}, ...) and every rule, in file order.
 *
 * @param databases by the key {@link ActionSpec.Table#database()} refers to: "sqlite", "postgresql.main", ...
 * @param rules     every rule of the file, each with a unique id
 */
public record RulesConfig(Map<String, DatabaseConfig> databases, List<RuleSpec> rules) {
    public static final RulesConfig NONE = new RulesConfig(Map.of(), List.of());

    public RulesConfig {
        databases = Map.copyOf(databases);
        rules = List.copyOf(rules);
    }
}
