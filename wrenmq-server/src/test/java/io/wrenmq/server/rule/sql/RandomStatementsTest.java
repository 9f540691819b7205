package io.wrenmq.server.rule.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random statements (issue #14: "seeded random generation of valid and broken statements"):
 * <ul>
 * <li>valid ones from {@link StatementGenerator} always parse, and evaluating them against random messages throws
 *   nothing but {@link RuleEvaluationException};</li>
 * <li>each broken by deleting, inserting or replacing a character or a token (also a keyword, a literal), or by
 *   truncating, either parses
 *   (and then evaluates as above) or gives a {@link RuleSqlException} positioned inside the text; never any
 *   other exception, never a hang.</li>
 * </ul>
 * Rerun a failure with {@code -Dwrenmq.seed=<seed>} (the seed is in every assertion message).
 */
class RandomStatementsTest {
    private static final long SEED = Long.getLong("wrenmq.seed", new Random().nextLong());
    private static final int STATEMENTS = 1500;
    private static final int MESSAGES_PER_STATEMENT = 4;
    private static final int BREAKS_PER_STATEMENT = 8;
    private static final String BREAK_CHARS = "'\"()[],.*+-/=<>!~ \nabzAS019#_é\\";
    private static final String[] BREAK_TOKENS = {"NULL", "CASE", "END", "AS", "FROM", "WHERE", "item", "DO",
        "INCASE", "IN", "IS", "NOT", "1e999", "0", "[0]", "-1", "'%'", "'['", "payload", "a0", "(", ")", "*", "=~",
        "lower(", "nth(0,", "true", "9223372036854775807", ".'k'"};

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void generatedStatementsParseAndEvaluate() {
        Random random = new Random(SEED);
        StatementGenerator generator = new StatementGenerator(random);
        for (int i = 0; i < STATEMENTS; i++) {
            String sql = generator.statement();
            RuleSql rule;
            try {
                rule = RuleSql.parse(sql);
            } catch (RuleSqlException e) {
                throw new AssertionError(context(sql) + " did not parse: " + e.getMessage(), e);
            }
            for (int m = 0; m < MESSAGES_PER_STATEMENT; m++) {
                evaluate(rule, randomMessage(random), sql);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void brokenStatementsGivePositionedErrors() {
        Random random = new Random(SEED + 1);
        StatementGenerator generator = new StatementGenerator(random);
        int refused = 0;
        int total = 0;
        for (int i = 0; i < STATEMENTS; i++) {
            String valid = generator.statement();
            for (int b = 0; b < BREAKS_PER_STATEMENT; b++) {
                String broken = breakStatement(valid, random);
                RuleMessage message = randomMessage(random);
                total++;
                try {
                    RuleSql rule = RuleSql.parse(broken);
                    evaluate(rule, message, broken);
                } catch (RuleSqlException e) {
                    refused++;
                    assertPositioned(broken, e);
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(context(broken) + " threw " + e, e);
                }
            }
        }
        assertThat(refused).as("seed %d: most broken statements are refused", SEED).isGreaterThan(total / 3);
    }

    private static void evaluate(RuleSql rule, RuleMessage m, String sql) {
        try {
            List<Map<String, Object>> rows = rule.evaluate(m);
            for (Map<String, Object> row : rows) {
                JsonModel.encode(row); // every row is in the JSON model
            }
        } catch (RuleEvaluationException e) {
            assertThat(e.getMessage()).as(context(sql)).doesNotStartWith("internal error");
        } catch (RuntimeException | Error e) {
            throw new AssertionError(context(sql) + " on " + m + " threw " + e, e);
        }
    }

    private static void assertPositioned(String sql, RuleSqlException e) {
        String[] lines = sql.split("\n", -1);
        String where = context(sql) + " -> " + e.getMessage();
        assertThat(e.reason()).as(where).doesNotStartWith("internal error").isNotBlank();
        assertThat(e.line()).as(where).isBetween(1, lines.length);
        assertThat(e.column()).as(where).isBetween(1, lines[e.line() - 1].length() + 1);
        assertThat(e.getMessage()).isEqualTo("line " + e.line() + ", column " + e.column() + ": " + e.reason());
    }

    private static String breakStatement(String sql, Random random) {
        if (sql.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(sql.length());
        char c = BREAK_CHARS.charAt(random.nextInt(BREAK_CHARS.length()));
        String[] tokens = sql.split(" ");
        int t = random.nextInt(tokens.length);
        return switch (random.nextInt(8)) {
            case 0 -> sql.substring(0, at) + sql.substring(at + 1);
            case 1 -> sql.substring(0, at) + c + sql.substring(at);
            case 2 -> sql.substring(0, at) + c + sql.substring(at + 1);
            case 3 -> sql.substring(0, at);
            case 4 -> join(tokens, t, "");
            case 5 -> join(tokens, t, tokens[t] + " " + tokens[t]);
            case 6 -> join(tokens, t, tokens[t] + " " + BREAK_TOKENS[random.nextInt(BREAK_TOKENS.length)]);
            default -> join(tokens, t, tokens[random.nextInt(tokens.length)]);
        };
    }

    private static String join(String[] tokens, int index, String replacement) {
        String[] copy = tokens.clone();
        copy[index] = replacement;
        return String.join(" ", copy);
    }

    /** A random message: topics with '$' and empty levels, JSON payloads of every shape, text, or raw bytes. */
    private static RuleMessage randomMessage(Random random) {
        String[] topics = {"t/1", "a/b/c", "sensors/s1/temp", "$SYS/broker", "x", "a//b", "/"};
        Messages.Builder b = Messages.builder().topic(topics[random.nextInt(topics.length)])
                .qos(random.nextInt(3)).retain(random.nextBoolean())
                .clientId(random.nextBoolean() ? "c" + random.nextInt(10) : "dev[" + random.nextInt(3))
                .username(random.nextBoolean() ? null : "u");
        switch (random.nextInt(4)) {
            case 0 -> b.payload(JsonModel.encode(randomJson(random, 3)));
            case 1 -> b.payload(randomObject(random));
            case 2 -> b.payload("plain " + random.nextInt());
            default -> {
                byte[] bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
                b.payload(bytes);
            }
        }
        if (random.nextBoolean()) {
            b.userProperty("k", random.nextBoolean() ? "v" : "12");
        }
        if (random.nextBoolean()) {
            b.extra("password", "pw");
        }
        return b.build();
    }

    private static byte[] randomObject(Random random) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : new String[] {"a", "b", "c", "list", "x y", "from"}) {
            if (random.nextInt(3) > 0) {
                map.put(key, randomJson(random, 2));
            }
        }
        return JsonModel.encode(map).getBytes(StandardCharsets.UTF_8);
    }

    private static Object randomJson(Random random, int depth) {
        int choice = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (choice) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> (long) random.nextInt(200) - 100;
            case 3 -> random.nextInt(1000) / 8.0;
            case 4 -> random.nextBoolean() ? "s" + random.nextInt(10) : Integer.toString(random.nextInt(50));
            case 5 -> random.nextBoolean() ? "{\"d\": 1}" : "[1, 2]";
            case 6 -> Arrays.asList(randomJson(random, depth - 1), randomJson(random, depth - 1));
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("d", randomJson(random, depth - 1));
                m.put("b", randomJson(random, depth - 1));
                yield m;
            }
        };
    }

    private static String context(String sql) {
        return "seed " + SEED + " (-Dwrenmq.seed=" + SEED + "), statement <" + sql + ">";
    }

    @Test
    void theGeneratorCoversEveryConstruct() {
        StatementGenerator generator = new StatementGenerator(new Random(SEED));
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            all.append(generator.statement().toUpperCase()).append('\n');
        }
        for (String construct : new String[] {"SELECT", "FOREACH", " DO", "INCASE", "WHERE", " AS ", "CASE",
            "WHEN", "ELSE", " IN ", " NOT ", " IS ", "=~", " AND ", " OR ", "[", "*", " DIV ", " MOD "}) {
            if (all.indexOf(construct) < 0) {
                fail("seed " + SEED + ": no generated statement has " + construct);
            }
        }
    }
}
