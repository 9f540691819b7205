package io.wrenmq.bench;

import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSql;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule SQL evaluation rate on one thread (issue #14's target: 1,000,000 simple evaluations per second per core).
 * One operation evaluates one statement for one message, as the rule engine does for each matching message: the
 * row is built and returned. The messages are 16 sensor readings (JSON payloads of ~60 bytes, temperatures 14 to
 * 29, QoS 1, two user properties) visited in turn; the WHERE of {@link #selectWhere} passes for 9 of them.
 *
 * <ul>
 * <li>{@link #selectStar}: {@code SELECT * FROM "t/#"} (every message field; the payload as text, no JSON);</li>
 * <li>{@link #selectWhere}: {@code SELECT payload.temp AS t, clientid FROM "sensors/+" WHERE t > 20 AND qos = 1}
 *   (the payload parsed as JSON once);</li>
 * <li>{@link #caseAndFunctions}: a CASE on the temperature, a topic level via nth(split()), upper() and
 *   arithmetic with round().</li>
 * </ul>
 *
 * <p>Run: {@code java -jar wrenmq-bench/target/benchmarks.jar RuleSqlBenchmark -prof gc} (ops/s; the gc profiler
 * shows the bytes allocated per evaluation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleSqlBenchmark {
    static final String SELECT_STAR = "SELECT * FROM \"t/#\"";
    static final String SELECT_WHERE =
            "SELECT payload.temp AS t, clientid FROM \"sensors/+\" WHERE t > 20 AND qos = 1";
    static final String CASE_AND_FUNCTIONS = "SELECT clientid, "
            + "CASE WHEN payload.temp > 25 THEN 'hot' WHEN payload.temp > 18 THEN 'warm' ELSE 'cold' END AS level, "
            + "upper(nth(1, split(topic, '/'))) AS kind, round(payload.temp * 1.8 + 32) AS fahrenheit "
            + "FROM \"sensors/#\"";
    private static final int MESSAGES = 16;

    private RuleSql selectStar;
    private RuleSql selectWhere;
    private RuleSql caseAndFunctions;
    private RuleMessage[] messages;
    private int next;
    private RuleSql.Evaluator[] tenRules;
    private RuleMessage benchMessage;

    @Setup(Level.Trial)
    public void setUp() throws RuleSqlException {
        selectStar = RuleSql.parse(SELECT_STAR);
        selectWhere = RuleSql.parse(SELECT_WHERE);
        caseAndFunctions = RuleSql.parse(CASE_AND_FUNCTIONS);
        tenRules = new RuleSql.Evaluator[10];
        for (int i = 0; i < 10; i++) {
            tenRules[i] = RuleSql.parse(i < 5
                    ? "SELECT clientid, payload FROM \"bench/#\" WHERE clientid = 'nobody-" + i + "' AND qos >= 0"
                    : "SELECT topic, qos FROM \"bench/+\" WHERE topic = 'bench/none' OR qos > 2").evaluator();
        }
        benchMessage = new RuleMessage("17", "bench/3", new byte[64], 0, false, "bench-pub-3", null, "127.0.0.1",
                1_700_000_000_000L, Map.of(), Map.of());
        messages = new RuleMessage[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            String payload = "{\"temp\": " + (14 + i) + ".5, \"hum\": " + (40 + i) + ", \"battery\": 0.93}";
            messages[i] = new RuleMessage("0005F8A2B3C4D5E" + Integer.toHexString(i), "sensors/s" + i,
                    payload.getBytes(StandardCharsets.UTF_8), 1, false, "device-" + i, "user", "10.0.0." + i,
                    1_700_000_000_000L + i, Map.of("unit", "C", "site", "north"), Map.of());
        }
    }

    private RuleMessage message() {
        return messages[next++ & (MESSAGES - 1)];
    }

    @Benchmark
    public Object selectStar() {
        return selectStar.evaluate(message());
    }

    @Benchmark
    public Object selectWhere() {
        return selectWhere.evaluate(message());
    }

    /**
     * bench/rules-10.conf's ten statements on one message (their WHEREs all false), each with its reusable evaluator
     * as the engine holds them: the engine's evaluation work per message.
     */
    @Benchmark
    public int tenFalseRules() {
        RuleMessage m = benchMessage;
        int rows = 0;
        for (RuleSql.Evaluator r : tenRules) {
            rows += r.evaluate(m).size();
        }
        return rows;
    }

    @Benchmark
    public Object caseAndFunctions() {
        return caseAndFunctions.evaluate(message());
    }
}
