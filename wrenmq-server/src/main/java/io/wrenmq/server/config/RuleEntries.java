package io.wrenmq.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import io.wrenmq.server.rule.ActionSpec;
import io.wrenmq.server.rule.RuleSpec;
import io.wrenmq.server.rule.sql.RuleSql;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code rules = [ ... ]} list of one block: what every rule has (its {@code sql}, checked by
 * {@link RuleSql#parse} so that a statement that cannot run stops start-up with its line and column, and our
 * {@code id}, {@code description}, {@code enable}) and its action, read by the block's {@link ActionReader}.
 */
final class RuleEntries {
    /** A written id: it names the rule in REST paths (/api/v4/rules/&lt;id&gt;) and metric labels. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** Reads one entry's action; null after an error (recorded). */
    interface ActionReader {
        /** @param n the entry's place in its list, from 1 */
        ActionSpec read(BlockValues entry, int n);
    }

    /** A rule read, with where it was written (for its place in file order and for errors about its id). */
    record Entry(RuleSpec spec, BlockValues values) {
    }

    private final BlockValues block;
    private final List<ConfigError> errors;

    RuleEntries(BlockValues block, List<ConfigError> errors) {
        this.block = block;
        this.errors = errors;
    }

    /**
     * The block's rules without errors (the others are reported).
     *
     * @param idPrefix the start of derived ids: "sqlite" gives "sqlite-1", "sqlite-2", ...
     */
    List<Entry> read(String idPrefix, ActionReader action) {
        List<Entry> out = new ArrayList<>();
        if (!(block.written(RuleKeys.RULES) instanceof ConfigList list)) {
            return out; // no rules (a database block may serve the REST API's rules); a wrong shape is reported
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof ConfigObject obj) {
                BlockValues e = block.entry(obj, RuleKeys.RULES + "[]", RuleKeys.RULES + "[" + i + "]");
                RuleSpec spec = spec(e, idPrefix + "-" + (i + 1), i + 1, action);
                if (spec != null) {
                    out.add(new Entry(spec, e));
                }
            }
        }
        return out;
    }

    private RuleSpec spec(BlockValues e, String derivedId, int n, ActionReader action) {
        int before = errors.size();
        String id = e.get("id");
        if (id != null && !id.isEmpty() && !ID.matcher(id).matches()) {
            e.error("id", "not a rule id: \"" + id + "\"", "letters, digits, '_', '.' and '-', at most 128, e.g. \"temperature-log\"");
        }
        String description = e.get("description");
        Boolean enable = e.get("enable");
        String sql = sql(e);
        ActionSpec spec = action.read(e, n);
        if (errors.size() > before || spec == null) {
            return null;
        }
        return new RuleSpec(id.isEmpty() ? derivedId : id, sql, description, enable, List.of(spec));
    }

    /** The statement as written, if it parses. */
    private String sql(BlockValues e) {
        String sql = e.get("sql");
        if (sql != null && (e.written("sql") == null || sql.isBlank())) {
            e.error("sql", "missing", "every rule needs sql = \"SELECT ... FROM \\\"<topic filter>\\\"\"");
            return null;
        }
        if (sql != null) {
            try {
                RuleSql.parse(sql);
            } catch (RuleSqlException bad) {
                errors.add(ConfigError.at(start(e, sql), e.path("sql"), bad.getMessage(), "docs/rules.md describes the rule SQL"));
                return null;
            }
        }
        return sql;
    }

    /**
     * Where the statement starts: HOCON gives a multi-line ("""...""") string the line it ends on, and the error's
     * "line L" counts from the statement's first line. A one-line string with \n escapes has no lines to go back;
     * that is noticed when going back would leave its rule (in a rule written over several lines it is not, and the
     * line named is a few lines early: still the rule's).
     */
    private static ConfigOrigin start(BlockValues e, String sql) {
        ConfigOrigin end = e.origin("sql");
        int line = end.lineNumber() - (int) sql.chars().filter(c -> c == '\n').count();
        return line >= e.block().origin().lineNumber() && line < end.lineNumber() ? end.withLineNumber(line) : end;
    }
}
