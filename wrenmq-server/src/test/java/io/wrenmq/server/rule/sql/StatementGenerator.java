package io.wrenmq.server.rule.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random valid statements from a small grammar of rule SQL: SELECT and FOREACH with every construct (fields,
 * aliases and nested aliases, paths, literals, arithmetic, CASE, comparisons, logic, IN, IS NULL, =~, every
 * function with an allowed argument count), random keyword case and whitespace. Only names in scope are used, and
 * literal arguments that a function checks at parse time are ones it accepts, so every statement must parse.
 */
final class StatementGenerator {
    private static final String[] FIELDS = {"id", "topic", "payload", "qos", "retain", "clientid", "username",
        "peerhost", "timestamp", "user_properties", "password"};
    private static final String[] PATHS = {"payload.a", "payload.b[1]", "payload.c.d", "payload.'x y'",
        "payload.list[-1]", "payload.list[2]", "user_properties.k", "user_properties['k']", "payload.a.b.c",
        "payload[1]", "payload.from", "payload.list[qos]"};
    private static final String[] FILTERS = {"#", "t/#", "a/+/c", "sensors/+/temp", "$SYS/#", "x", "+", "a//b"};
    private static final String[] LITERAL_ARGS = {"'second'", "'millisecond'", "'notrim'", "'leading'",
        "'trailing'", "'all'", "'both'", "'nocrlf'", "'[0-9]+'", "'a.b'", "'/'", "'z'", "'+08:00'", "'%Y-%m-%d'",
        "1", "2", "'x'"};
    private static final String[] SPACES = {" ", " ", " ", "  ", "\n", "\t", "\r\n "};

    private final Random random;
    private List<String> names = new ArrayList<>();
    private int aliasCount;

    StatementGenerator(Random random) {
        this.random = random;
    }

    String statement() {
        names = new ArrayList<>();
        aliasCount = 0;
        return random.nextInt(5) == 0 ? foreach() : select();
    }

    private String select() {
        StringBuilder sb = new StringBuilder(kw("SELECT")).append(sp()).append(fields());
        sb.append(sp()).append(kw("FROM")).append(sp()).append(filters());
        if (random.nextBoolean()) {
            sb.append(sp()).append(kw("WHERE")).append(sp()).append(condition(3));
        }
        return sb.toString();
    }

    private String foreach() {
        StringBuilder sb = new StringBuilder(kw("FOREACH")).append(sp());
        sb.append(random.nextBoolean() ? "payload.list" : expr(2));
        String alias = random.nextBoolean() ? "e" + random.nextInt(3) : null;
        if (alias != null) {
            sb.append(sp()).append(kw("AS")).append(sp()).append(alias);
        }
        List<String> element = new ArrayList<>(List.of("item"));
        if (alias != null) {
            element.add(alias);
        }
        if (random.nextBoolean()) {
            names = new ArrayList<>(element);
            sb.append(sp()).append(kw("DO")).append(sp()).append(fields());
        }
        if (random.nextBoolean()) {
            names = new ArrayList<>(element);
            sb.append(sp()).append(kw("INCASE")).append(sp()).append(condition(2));
        }
        sb.append(sp()).append(kw("FROM")).append(sp()).append(filters());
        if (random.nextBoolean()) {
            names = alias == null ? new ArrayList<>() : new ArrayList<>(List.of(alias));
            sb.append(sp()).append(kw("WHERE")).append(sp()).append(condition(2));
        }
        return sb.toString();
    }

    private String fields() {
        List<String> fields = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(8) == 0) {
                fields.add("*");
                continue;
            }
            String e = expr(3);
            if (random.nextBoolean()) {
                String alias = "a" + aliasCount++;
                String path = random.nextInt(6) == 0 ? alias + "." + (random.nextBoolean() ? "x" : "'y z'") : alias;
                e = e + sp() + kw("AS") + sp() + path;
                names.add(alias);
            }
            fields.add(e);
        }
        return String.join("," + sp(), fields);
    }

    private String filters() {
        int n = 1 + random.nextInt(2);
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            filters.add("\"" + pick(FILTERS) + "\"");
        }
        return String.join(", ", filters);
    }

    String expr(int depth) {
        int choice = random.nextInt(depth <= 0 ? 4 : 12);
        return switch (choice) {
            case 0 -> literal();
            case 1 -> pick(FIELDS);
            case 2 -> pick(PATHS);
            case 3 -> names.isEmpty() ? pick(FIELDS) : pick(names) + (random.nextInt(4) == 0 ? ".x" : "");
            case 4 -> expr(depth - 1) + sp() + pick(new String[] {"+", "-", "*", "/", kw("div"), kw("mod")}) + sp()
                    + expr(depth - 1);
            case 5, 6 -> call(depth - 1);
            case 7 -> caseExpr(depth - 1);
            case 8 -> "(" + expr(depth - 1) + ")";
            case 9 -> "[" + expr(depth - 1) + ", " + literal() + "]";
            case 10 -> "-" + expr(depth - 1);
            default -> "(" + condition(depth - 1) + ")";
        };
    }

    private String condition(int depth) {
        int choice = random.nextInt(depth <= 0 ? 3 : 9);
        return switch (choice) {
            case 0 -> expr(0) + sp() + pick(new String[] {"=", "!=", "<>", "<", "<=", ">", ">="}) + sp() + expr(0);
            case 1 -> pick(new String[] {kw("true"), kw("false"), kw("null")});
            case 2 -> pick(FIELDS) + sp() + kw("IS") + (random.nextBoolean() ? sp() + kw("NOT") : "") + sp()
                    + kw("NULL");
            case 3 -> condition(depth - 1) + sp() + kw(random.nextBoolean() ? "AND" : "OR") + sp()
                    + condition(depth - 1);
            case 4 -> kw("NOT") + sp() + condition(depth - 1);
            case 5 -> expr(depth - 1) + sp() + (random.nextBoolean() ? kw("NOT") + sp() : "") + kw("IN") + sp()
                    + "(" + expr(depth - 1) + ", " + literal() + ")";
            case 6 -> pick(new String[] {"topic", "clientid", "payload.a"}) + sp() + "=~" + sp()
                    + (random.nextInt(4) == 0 ? "topic" : "'" + pick(FILTERS) + "'");
            case 7 -> "(" + condition(depth - 1) + ")";
            default -> expr(depth - 1) + sp() + ">" + sp() + expr(depth - 1);
        };
    }

    private String call(int depth) {
        List<FunctionSpec> all = new ArrayList<>(FunctionRegistry.all());
        FunctionSpec f = all.get(random.nextInt(all.size()));
        int max = Math.min(f.maxArgs(), f.minArgs() + 3);
        int n = f.minArgs() + random.nextInt(max - f.minArgs() + 1);
        List<String> args = new ArrayList<>();
        boolean checked = f.check() != FunctionSpec.NO_CHECK;
        for (int i = 0; i < n; i++) {
            args.add(checked ? checkedArg(f, i) : expr(depth));
        }
        String name = random.nextBoolean() ? f.name() : f.name().toUpperCase(Locale.ROOT);
        return name + "(" + String.join("," + sp(), args) + ")";
    }

    /** A literal the function accepts at this position, or a field (never a constant it could refuse). */
    private String checkedArg(FunctionSpec f, int i) {
        if (random.nextBoolean()) {
            String literal = pick(LITERAL_ARGS);
            Object value = literal.startsWith("'") ? literal.substring(1, literal.length() - 1)
                    : Long.valueOf(literal);
            if (f.check().reason(i, value) == null) {
                return literal;
            }
        }
        return pick(new String[] {"clientid", "payload.a", "qos", "topic"});
    }

    private String caseExpr(int depth) {
        StringBuilder sb = new StringBuilder(kw("CASE"));
        boolean simple = random.nextBoolean();
        if (simple) {
            sb.append(sp()).append(expr(depth));
        }
        int whens = 1 + random.nextInt(2);
        for (int i = 0; i < whens; i++) {
            sb.append(sp()).append(kw("WHEN")).append(sp()).append(simple ? literal() : condition(depth));
            sb.append(sp()).append(kw("THEN")).append(sp()).append(expr(depth));
        }
        if (random.nextBoolean()) {
            sb.append(sp()).append(kw("ELSE")).append(sp()).append(expr(depth));
        }
        return sb.append(sp()).append(kw("END")).toString();
    }

    private String literal() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(100));
            case 1 -> random.nextInt(50) + "." + random.nextInt(10);
            case 2 -> random.nextInt(5) + "e" + random.nextInt(3);
            case 3 -> kw(pick(new String[] {"true", "false", "null"}));
            default -> string();
        };
    }

    private String string() {
        char quote = random.nextInt(4) == 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        int n = random.nextInt(6);
        String alphabet = "ab1 /#+.'\"é_-";
        for (int i = 0; i < n; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            sb.append(c);
            if (c == quote) {
                sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }

    private String kw(String word) {
        return switch (random.nextInt(3)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> word.toLowerCase(Locale.ROOT);
            default -> Character.toUpperCase(word.charAt(0)) + word.substring(1).toLowerCase(Locale.ROOT);
        };
    }

    private String sp() {
        return pick(SPACES);
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
