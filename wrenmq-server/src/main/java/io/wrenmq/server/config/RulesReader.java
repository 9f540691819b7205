package io.wrenmq.server.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.RulesConfig;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.HttpActionConfig;
import io.wrenmq.server.rule.action.SqlDialect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the {@code rules} block into {@link RulesConfig}: each kind of block ({@code sqlite}, {@code repub},
 * {@code mysql.<name>}, {@code postgresql.<name>}, {@code timescaledb.<name>}, {@code http.<name>}, {@code bridge})
 * checked against its rows, its database (if any), its rules ({@link RuleEntries}) and their actions
 * ({@link RuleActions}); then the ids, unique across all rules. Rules come out in file order.
 */
final class RulesReader {
    private static final List<String> KINDS = List.of("sqlite", "repub", "mysql", "postgresql", "timescaledb", "http",
            "bridge");
    /** A block's own name: it is part of derived rule ids (REST paths), pool and metric names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final RuleKeys.Context ctx;
    private final RuleActions actions;
    private final RuleDatabases servers;
    private final Map<String, DatabaseConfig> databases = new LinkedHashMap<>();
    private final List<RuleEntries.Entry> rules = new ArrayList<>();

    RulesReader(RuleKeys.Context ctx) {
        this.ctx = ctx;
        this.actions = new RuleActions(ctx);
        this.servers = new RuleDatabases(ctx);
    }

    RulesConfig read(ConfigValue value) {
        if (!(value instanceof ConfigObject root)) {
            ctx.errors().add(ConfigError.at(value.origin(), "rules", "wrong type: found " + BlockValues.typeName(value),
                    "expected a block rules.sqlite { path = \"...\", rules = [ { sql = \"...\", table = ... } ] }"));
            return RulesConfig.NONE;
        }
        root.forEach((k, v) -> {
            if (!KINDS.contains(k)) {
                ctx.errors().add(BlockValues.unknown("rules", k, v, KINDS));
            }
        });
        BlockValues sqlite = block(root.get("sqlite"), RuleKeys.SQLITE, "rules.sqlite");
        if (sqlite != null) {
            database("sqlite", servers.sqlite(sqlite), sqlite);
        }
        BlockValues repub = block(root.get("repub"), RuleKeys.REPUB, "rules.repub");
        if (repub != null) {
            BatchSettings batch = actions.batch(repub);
            entries(repub, "repub", (e, n) -> actions.republish(e, n, batch));
        }
        for (SqlDialect dialect : List.of(SqlDialect.MARIADB, SqlDialect.POSTGRESQL, SqlDialect.TIMESCALEDB)) {
            named(root, dialect.configName(), RuleKeys.DATABASE).forEach((name, b) ->
                    database(dialect.configName() + "." + name, servers.server(b, dialect, name), b));
        }
        named(root, "http", RuleKeys.HTTP).forEach((name, b) -> {
            HttpActionConfig http = actions.http(b, name);
            BatchSettings batch = actions.batch(b);
            entries(b, "http." + name, (e, n) -> http == null || batch == null ? null : new ActionSpec.Http(http, batch));
        });
        BlockValues bridge = block(root.get("bridge"), RuleKeys.BRIDGE, "rules.bridge");
        if (bridge != null) {
            BatchSettings batch = actions.batch(bridge);
            entries(bridge, "bridge", (e, n) -> actions.bridge(e, batch));
        }
        return new RulesConfig(databases, ordered());
    }

    /** A database block: the database under {@code key} (unless it has errors) and its table rules. */
    private void database(String key, DatabaseConfig db, BlockValues block) {
        if (db != null) {
            databases.put(key, db);
        }
        BatchSettings batch = actions.batch(block);
        entries(block, key, (e, n) -> actions.table(e, key, batch));
    }

    private void entries(BlockValues block, String idPrefix, RuleEntries.ActionReader action) {
        rules.addAll(new RuleEntries(block, ctx.errors()).read(idPrefix, action));
    }

    /** A block with its keys checked, or null when it is absent, not a block, or has unknown keys. */
    private BlockValues block(ConfigValue v, String rows, String path) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof ConfigObject obj)) {
            ctx.errors().add(ConfigError.at(v.origin(), path, "wrong type: found " + BlockValues.typeName(v),
                    "expected a block " + path + " { rules = [ ... ] }"));
            return null;
        }
        int before = ctx.errors().size();
        BlockValues b = new BlockValues(obj, rows, path, ctx.errors(), ctx.warnings());
        b.checkKeys(Set.of());
        return ctx.errors().size() > before ? null : b; // its values would only add confusing errors
    }

    /** The blocks {@code rules.<kind>.<name>}, by name. */
    private Map<String, BlockValues> named(ConfigObject root, String kind, String rows) {
        Map<String, BlockValues> out = new TreeMap<>();
        ConfigValue v = root.get(kind);
        if (v == null) {
            return out;
        }
        String path = "rules." + kind;
        if (!(v instanceof ConfigObject named)) {
            ctx.errors().add(ConfigError.at(v.origin(), path, "wrong type: found " + BlockValues.typeName(v),
                    "expected blocks " + path + ".<name> { ... }, one per " + (kind.equals("http") ? "URL" : "database")));
            return out;
        }
        named.forEach((name, block) -> {
            if (!NAME.matcher(name).matches()) {
                ctx.errors().add(ConfigError.at(block.origin(), path + "." + name, "not a block name",
                        "letters, digits, '_' and '-', at most 64: the name is part of the rules' ids, e.g. " + path + ".main"));
                return;
            }
            BlockValues b = block(block, rows, path + "." + name);
            if (b != null) {
                out.put(name, b);
            }
        });
        return out;
    }

    /** The rules in file order, each id once (a second use of an id is an error at that rule). */
    private List<RuleSpec> ordered() {
        rules.sort(Comparator.comparing((RuleEntries.Entry e) -> ConfigError.sourceOf(e.values().block().origin()))
                .thenComparingInt(e -> e.values().block().origin().lineNumber()));
        Map<String, RuleEntries.Entry> byId = new HashMap<>();
        List<RuleSpec> out = new ArrayList<>();
        for (RuleEntries.Entry e : rules) {
            RuleEntries.Entry first = byId.putIfAbsent(e.spec().id(), e);
            if (first != null) {
                e.values().error("id", "\"" + e.spec().id() + "\" is also the id of " + first.values().path(),
                        "give each rule its own id: ids are unique across all rules (the REST API and the metrics name rules by id)");
            }
            out.add(e.spec());
        }
        return out;
    }
}
