package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.Messages.builder;
import static io.wrenmq.server.rule.sql.Messages.message;
import static io.wrenmq.server.rule.sql.Messages.rows;
import static io.wrenmq.server.rule.sql.Messages.sample;
import static io.wrenmq.server.rule.sql.Messages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SELECT: fields, `*`, paths, literals, arithmetic, aliases, CASE, and the rows they make. */
class SelectTest {

    @Test
    void starSelectsEveryMessageFieldInOrder() throws Exception {
        RuleMessage m = builder().topic("t/a").payload("hello").qos(2).retain(true).userProperty("k", "v").build();
        List<Map<String, Object>> rows = RuleSql.parse("SELECT * FROM \"t/#\"").evaluate(m);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).isInstanceOf(LinkedHashMap.class).containsExactly(
                entry("id", "0005F8A2B3C4D5E6"), entry("topic", "t/a"), entry("payload", "hello"), entry("qos", 2L),
                entry("retain", true), entry("clientid", "c1"), entry("username", "u1"),
                entry("peerhost", "10.0.0.7"), entry("timestamp", Messages.TIMESTAMP),
                entry("user_properties", Map.of("k", "v")));
        assertThat(RuleSql.parse("SELECT * FROM \"t/#\"").selectedNames()).containsExactly("*");
    }

    @Test
    void eachMessageFieldByName() {
        RuleMessage m = builder().topic("a/b").payload("x").qos(0).username(null).extra("password", "pw").build();
        assertThat(value("topic", m)).isEqualTo("a/b");
        assertThat(value("payload", m)).isEqualTo("x");
        assertThat(value("qos", m)).isEqualTo(0L);
        assertThat(value("retain", m)).isEqualTo(false);
        assertThat(value("clientid", m)).isEqualTo("c1");
        assertThat(value("username", m)).isNull();
        assertThat(value("peerhost", m)).isEqualTo("10.0.0.7");
        assertThat(value("timestamp", m)).isEqualTo(Messages.TIMESTAMP);
        assertThat(value("id", m)).isEqualTo("0005F8A2B3C4D5E6");
        // NanoMQ's password field reads what the engine put in extra; never part of '*'
        assertThat(value("password", m)).isEqualTo("pw");
        assertThat(value("password", message("t", ""))).isNull();
        assertThat(rows("SELECT * FROM \"#\"", m).get(0)).doesNotContainKey("password");
    }

    @Test
    void columnsAreNamedByAliasOrByTheExpressionAsWritten() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT clientid, payload.temp, upper(clientid) AS c, qos + 1, * FROM \"#\"");
        assertThat(sql.selectedNames()).containsExactly("clientid", "payload.temp", "c", "qos + 1", "*");
        Map<String, Object> row = sql.evaluate(sample()).get(0);
        assertThat(row).containsEntry("clientid", "c1").containsEntry("payload.temp", 25.5).containsEntry("c", "C1")
                .containsEntry("qos + 1", 2L).containsEntry("topic", "sensors/s1/temp");
        assertThat(row.keySet()).startsWith("clientid", "payload.temp", "c", "qos + 1", "id");
    }

    @Test
    void payloadPathsReadJsonWithOneBasedIndexes() {
        RuleMessage m = message("t", "{\"a\": {\"b\": [10, 20, 30]}, \"odd key\": 1, \"from\": 2, \"n\": null}");
        assertThat(value("payload.a.b[1]", m)).isEqualTo(10L);
        assertThat(value("payload.a.b[3]", m)).isEqualTo(30L);
        assertThat(value("payload.a.b[-1]", m)).isEqualTo(30L);
        assertThat(value("payload.a.b[-3]", m)).isEqualTo(10L);
        assertThat(value("payload.a.b[4]", m)).isNull();
        assertThat(value("payload.a.b[-4]", m)).isNull();
        assertThat(value("payload.a.b", m)).isEqualTo(List.of(10L, 20L, 30L));
        assertThat(value("payload.a", m)).isEqualTo(Map.of("b", List.of(10L, 20L, 30L)));
        assertThat(value("payload.'odd key'", m)).isEqualTo(1L);
        assertThat(value("payload.\"odd key\"", m)).isEqualTo(1L);
        assertThat(value("payload['odd key']", m)).isEqualTo(1L);
        assertThat(value("payload.from", m)).as("a keyword is a key after '.'").isEqualTo(2L);
        assertThat(value("payload.a.b[qos]", m)).as("a computed index").isEqualTo(10L);
        assertThat(value("payload.n", m)).isNull();
        assertThat(value("payload.missing.deeper", m)).isNull();
        assertThat(value("payload.a.b.c", m)).as("a key of an array").isNull();
        assertThat(value("payload.a['b'][2]", m)).isEqualTo(20L);
    }

    @Test
    void aPayloadThatIsNoJsonHasOnlyNullPaths() {
        for (String payload : List.of("hello", "", "{broken", "{\"a\":1} trailing", "[1,2", "25.5.5")) {
            RuleMessage m = message("t", payload);
            assertThat(value("payload.a", m)).as(payload).isNull();
            assertThat(value("payload[1]", m)).as(payload).isNull();
            assertThat(value("payload", m)).as(payload).isEqualTo(payload);
        }
        assertThat(value("payload[2]", message("t", "[1, 2]"))).isEqualTo(2L);
    }

    @Test
    void aStringOnAPathIsReadAsJsonAsInEmqx() {
        RuleMessage m = message("t", "{\"inner\": \"{\\\"x\\\": 5}\"}");
        assertThat(value("payload.inner.x", m)).isEqualTo(5L);
        assertThat(value("json_encode(map_put('k', 1, map_new())).k", m)).isEqualTo(1L);
    }

    @Test
    void userPropertiesByKey() {
        RuleMessage m = builder().userProperty("unit", "C").userProperty("my key", "v").build();
        assertThat(value("user_properties.unit", m)).isEqualTo("C");
        assertThat(value("user_properties['my key']", m)).isEqualTo("v");
        assertThat(value("user_properties.absent", m)).isNull();
        assertThat(value("user_properties", message("t", ""))).isEqualTo(Map.of());
    }

    @Test
    void literals() {
        assertThat(value("12")).isEqualTo(12L);
        assertThat(value("-12")).isEqualTo(-12L);
        assertThat(value("2.5")).isEqualTo(2.5);
        assertThat(value("1e3")).isEqualTo(1000.0);
        assertThat(value("'it''s'")).isEqualTo("it's");
        assertThat(value("'it\\'s'")).isEqualTo("it's");
        assertThat(value("'a\\d'")).as("other backslashes are kept").isEqualTo("a\\d");
        assertThat(value("'a\\\\b'")).as("an escaped backslash").isEqualTo("a\\b");
        assertThat(value("\"say \\\"hi\\\" \"\"ok\"\"\"")).isEqualTo("say \"hi\" \"ok\"");
        assertThat(value("'multi\nline'")).isEqualTo("multi\nline");
        assertThat(value("\"dq\"")).isEqualTo("dq");
        assertThat(value("true")).isEqualTo(true);
        assertThat(value("FALSE")).isEqualTo(false);
        assertThat(value("null")).isNull();
        assertThat(value("[1, 'a', [true]]")).isEqualTo(List.of(1L, "a", List.of(true)));
        assertThat(value("[]")).isEqualTo(List.of());
        assertThat(value("99999999999999999999")).as("beyond 64 bits: a float, as in JSON").isEqualTo(1e20);
    }

    @Test
    void arithmetic() {
        assertThat(value("1 + 2 * 3")).isEqualTo(7L);
        assertThat(value("(1 + 2) * 3")).isEqualTo(9L);
        assertThat(value("7 - 10")).isEqualTo(-3L);
        assertThat(value("7 / 2")).as("'/' always gives a float").isEqualTo(3.5);
        assertThat(value("8 / 2")).isEqualTo(4.0);
        assertThat(value("7 div 2")).isEqualTo(3L);
        assertThat(value("-7 div 2")).isEqualTo(-3L);
        assertThat(value("7 mod 3")).isEqualTo(1L);
        assertThat(value("-7 mod 3")).as("sign of the dividend").isEqualTo(-1L);
        assertThat(value("1.5 + 1")).isEqualTo(2.5);
        assertThat(value("payload.temp * 2")).isEqualTo(51.0);
        assertThat(value("-payload.hum")).isEqualTo(-40L);
        assertThat(value("- - 3")).isEqualTo(3L);
        assertThat(value("+3")).isEqualTo(3L);
    }

    @Test
    void plusConcatenatesWhenOneSideIsAString() {
        assertThat(value("'a' + 'b'")).isEqualTo("ab");
        assertThat(value("clientid + '/' + qos")).isEqualTo("c1/1");
        assertThat(value("'t=' + payload.temp")).isEqualTo("t=25.5");
        assertThat(value("'ok: ' + true")).isEqualTo("ok: true");
        assertThat(value("'tags ' + payload.tags")).isEqualTo("tags [\"a\",\"b\"]");
    }

    @Test
    void arithmeticErrorsFailTheEvaluation() {
        Evaluation.fails("1 / 0", "division by zero");
        Evaluation.fails("1 div 0", "division by zero");
        Evaluation.fails("1 mod 0", "division by zero");
        Evaluation.fails("1.5 / 0", "division by zero");
        Evaluation.fails("7.5 div 2", "'div' needs integers, got float 7.5 and integer 2");
        Evaluation.fails("9223372036854775807 + 1", "integer overflow");
        Evaluation.fails("-9223372036854775807 - 2", "integer overflow");
        Evaluation.fails("1 - 'a'", "cannot apply '-' to integer 1 and string 'a'");
        Evaluation.fails("payload.missing + 1", "cannot apply '+' to null and integer 1");
        Evaluation.fails("'a' + payload.missing", "cannot apply '+' to string 'a' and null");
        Evaluation.fails("-'a'", "cannot negate string 'a'");
        Evaluation.fails("1e308 * 10", "not a finite number");
    }

    @Test
    void aliasesAreVisibleToLaterFieldsAndToWhere() {
        RuleMessage m = message("t", "{\"x\": 5}");
        assertThat(rows("SELECT payload.x AS x, x * 2 AS y FROM \"#\" WHERE y > 9", m))
                .containsExactly(Map.of("x", 5L, "y", 10L));
        assertThat(rows("SELECT payload.x AS x FROM \"#\" WHERE x > 5", m)).isEmpty();
        assertThat(rows("SELECT payload.x AS qos FROM \"#\" WHERE qos = 5", m))
                .as("an alias hides the message field").hasSize(1);
    }

    @Test
    void aliasesMayBeQuotedAndNestedUnderAnyKey() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT qos AS 'the qos', clientid AS \"c id\", topic AS t.from FROM \"#\" "
                + "WHERE t.from = 'sensors/s1/temp'");
        assertThat(sql.selectedNames()).containsExactly("the qos", "c id", "t");
        assertThat(sql.evaluate(sample())).containsExactly(
                Map.of("the qos", 1L, "c id", "c1", "t", Map.of("from", "sensors/s1/temp")));
    }

    @Test
    void nestedAliasesBuildMaps() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT payload.temp AS m.t, payload.hum AS m.h, clientid AS c.id FROM \"#\" "
                + "WHERE m.t > 20 AND m.h = 40");
        assertThat(sql.selectedNames()).containsExactly("m", "c");
        assertThat(sql.evaluate(sample())).containsExactly(
                Map.of("m", Map.of("t", 25.5, "h", 40L), "c", Map.of("id", "c1")));
        assertThat(value("payload.loc AS x, x.site", sample())).isEqualTo("north");
        assertThat(rows("SELECT payload.loc AS x, x.site AS s, 'y' AS x.extra FROM \"#\"", sample()).get(0))
                .as("adding under an alias copies the map, the payload's stays as it was")
                .containsEntry("s", "north").containsEntry("x", Map.of("site", "north", "extra", "y"));
    }

    @Test
    void caseWhen() {
        String level = "CASE WHEN payload.temp > 30 THEN 'hot' WHEN payload.temp > 20 THEN 'warm' ELSE 'cold' END";
        assertThat(value(level, message("t", "{\"temp\": 35}"))).isEqualTo("hot");
        assertThat(value(level, message("t", "{\"temp\": 25}"))).isEqualTo("warm");
        assertThat(value(level, message("t", "{\"temp\": 5}"))).isEqualTo("cold");
        assertThat(value(level, message("t", "{}"))).as("a null condition is not true").isEqualTo("cold");
        assertThat(value("CASE WHEN qos = 2 THEN 'two' END")).isNull();
        assertThat(value("CASE qos WHEN 0 THEN 'zero' WHEN 1 THEN 'one' ELSE 'more' END")).isEqualTo("one");
        assertThat(value("case qos when 2 then 'two' end")).isNull();
        Evaluation.fails("CASE WHEN qos THEN 1 END", "WHEN must be true or false, got integer 1");
    }

    @Test
    void fieldsAreComputedOnlyForMessagesThatPassWhere() {
        // 1 div 0 would fail; the message is dropped by WHERE first, so the field is never computed
        assertThat(rows("SELECT 1 div qos AS x FROM \"#\" WHERE qos > 0", builder().qos(0).build())).isEmpty();
        assertThat(rows("SELECT 10 div qos AS x FROM \"#\" WHERE qos > 0", builder().qos(2).build()))
                .containsExactly(Map.of("x", 5L));
    }

    @Test
    void aFieldUsedByWhereAndSelectIsComputedOnce() {
        // the payload is parsed once per evaluation whichever paths ask; the alias slot is computed once
        RuleMessage m = message("t", "{\"a\": 1, \"b\": 2}");
        assertThat(rows("SELECT payload.a AS a, payload.b AS b, a + b AS s FROM \"#\" WHERE a = 1 AND s = 3", m))
                .containsExactly(Map.of("a", 1L, "b", 2L, "s", 3L));
    }

    @Test
    void nullFieldsAreInTheRow() {
        Map<String, Object> row = rows("SELECT payload.none AS n, username FROM \"#\"",
                builder().username(null).build()).get(0);
        assertThat(row).containsEntry("n", null).containsEntry("username", null).hasSize(2);
    }

    @Test
    void binaryPayloadsAreTextWithReplacementCharacters() {
        RuleMessage m = builder().payload(new byte[] {(byte) 0xff, 'a'}).build();
        assertThat(value("payload", m)).isEqualTo("\ufffda");
        assertThat(value("bin2hexstr(payload)", m)).as("bytes functions see the raw bytes").isEqualTo("FF61");
        assertThat(value("bin2hexstr('\u00e9')")).isEqualTo(
                new String(new char[] {'C', '3', 'A', '9'}));
        assertThat("\u00e9".getBytes(StandardCharsets.UTF_8)).hasSize(2);
    }

    @Test
    void evaluationIsIndependentPerMessageAndThreadSafe() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT payload.n AS n, regex_replace(clientid, '[0-9]+', '#') AS c FROM \"#\" "
                + "WHERE n >= 0");
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        RuleMessage m = builder().clientId("dev" + i).payload("{\"n\": " + (id * 10_000 + i) + "}")
                                .build();
                        assertThat(sql.evaluate(m)).containsExactly(Map.of("n", (long) id * 10_000 + i, "c", "dev#"));
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(20_000);
        }
        assertThat(failure[0]).isNull();
    }
}
