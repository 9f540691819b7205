package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.Messages.builder;
import static io.wrenmq.server.rule.sql.Messages.message;
import static io.wrenmq.server.rule.sql.Messages.rows;
import static io.wrenmq.server.rule.sql.Messages.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WHERE: comparisons, logic, IN, IS NULL, =~, and the FROM filters. */
class WhereTest {

    /** Whether {@code cond} lets the sample message through. */
    private static boolean passes(String cond) {
        return passes(cond, Messages.sample());
    }

    private static boolean passes(String cond, RuleMessage m) {
        return !rows("SELECT clientid FROM \"#\" WHERE " + cond, m).isEmpty();
    }

    @Test
    void comparisonOperators() {
        assertThat(passes("qos = 1")).isTrue();
        assertThat(passes("qos != 1")).isFalse();
        assertThat(passes("qos <> 2")).isTrue();
        assertThat(passes("qos < 2")).isTrue();
        assertThat(passes("qos <= 1")).isTrue();
        assertThat(passes("qos > 1")).isFalse();
        assertThat(passes("qos >= 1")).isTrue();
        assertThat(passes("payload.temp > 25")).isTrue();
        assertThat(passes("payload.temp = 25.5")).isTrue();
        assertThat(passes("payload.hum = 40.0")).as("integers and floats compare by value").isTrue();
        assertThat(passes("clientid = 'c1'")).isTrue();
        assertThat(passes("clientid < 'c2'")).as("strings by code point").isTrue();
        assertThat(passes("'b' > 'abc'")).isTrue();
        assertThat(passes("retain = false")).isTrue();
        assertThat(passes("false < true")).isTrue();
        assertThat(passes("payload.tags = ['a', 'b']")).isTrue();
        assertThat(passes("payload.loc = json_decode('{\"site\":\"north\"}')")).isTrue();
    }

    @Test
    void numbersAgainstNumericStringsCompareAsNumbers() {
        RuleMessage m = message("t", "{\"n\": \"10\", \"x\": \"abc\", \"f\": \"2.5\"}");
        assertThat(passes("payload.n = 10", m)).isTrue();
        assertThat(passes("payload.n > 9", m)).as("10 > 9 as numbers, not as text").isTrue();
        assertThat(passes("payload.f < 3", m)).isTrue();
        assertThat(passes("qos = '1'", m)).isTrue();
        assertThat(passes("payload.n > '9'", m)).as("two strings compare as text").isFalse();
        assertThat(passes("payload.x = 10", m)).as("a word is not equal to a number").isFalse();
        assertThat(passes("payload.x != 10", m)).isTrue();
        assertThatThrownBy(() -> passes("payload.x > 10", m)).isInstanceOf(RuleEvaluationException.class)
                .hasMessage("cannot order string 'abc' and integer 10");
        assertThat(passes("retain = 'false'")).as("a boolean and its name are equal (EMQX)").isTrue();
        assertThat(passes("qos = true")).as("other type pairs are simply not equal").isFalse();
        assertThatThrownBy(() -> passes("payload.loc > 1")).isInstanceOf(RuleEvaluationException.class)
                .hasMessage("cannot order map and integer 1");
    }

    @Test
    void nullComparesAsInEmqx() {
        assertThat(passes("payload.missing = null")).isTrue();
        assertThat(passes("payload.missing = 1")).isFalse();
        assertThat(passes("payload.missing != 1")).as("any comparison with one null is false").isFalse();
        assertThat(passes("payload.missing > 1")).isFalse();
        assertThat(passes("payload.missing < 1")).isFalse();
        assertThat(passes("payload.missing <= payload.none")).isTrue();
        assertThat(passes("payload.missing != payload.none")).isFalse();
    }

    @Test
    void andOrNotWithSqlsUnknown() {
        assertThat(passes("qos = 1 AND clientid = 'c1'")).isTrue();
        assertThat(passes("qos = 1 AND clientid = 'x'")).isFalse();
        assertThat(passes("qos = 2 OR clientid = 'c1'")).isTrue();
        assertThat(passes("qos = 2 OR clientid = 'x'")).isFalse();
        assertThat(passes("NOT qos = 2")).isTrue();
        assertThat(passes("NOT (qos = 1 AND clientid = 'c1')")).isFalse();
        assertThat(passes("qos = 2 AND clientid = 'c1' OR topic = 'sensors/s1/temp'"))
                .as("AND binds tighter than OR").isTrue();
        assertThat(passes("qos = 2 AND (clientid = 'c1' OR topic = 'sensors/s1/temp')")).isFalse();
        assertThat(passes("not not qos = 1")).isTrue();
        // null is unknown: NOT unknown is unknown, unknown OR true is true, unknown AND false is false
        assertThat(value("NOT null")).isNull();
        assertThat(value("null OR true")).isEqualTo(true);
        assertThat(value("null OR false")).isNull();
        assertThat(value("null AND false")).isEqualTo(false);
        assertThat(value("null AND true")).isNull();
        assertThat(passes("NOT payload.missing")).as("unknown does not pass").isFalse();
        assertThat(passes("payload.missing OR qos = 1")).isTrue();
    }

    @Test
    void logicRefusesValuesThatAreNoConditions() {
        Evaluation.fails("qos AND true", "AND needs true, false or null, got integer 1");
        Evaluation.fails("false OR 'x'", "OR needs true, false or null, got string 'x'");
        Evaluation.fails("NOT 3", "NOT needs true, false or null, got integer 3");
        assertThatThrownBy(() -> passes("qos")).isInstanceOf(RuleEvaluationException.class)
                .hasMessage("WHERE must be true or false, got integer 1");
        assertThat(passes("payload.missing")).as("null drops the message").isFalse();
        assertThat(passes("is_num(qos)")).as("a function's boolean is a condition").isTrue();
        assertThat(passes("true")).isTrue();
    }

    @Test
    void inAndNotIn() {
        assertThat(passes("clientid IN ('c0', 'c1')")).isTrue();
        assertThat(passes("clientid IN ('c0', 'c2')")).isFalse();
        assertThat(passes("clientid NOT IN ('c0', 'c2')")).isTrue();
        assertThat(passes("clientid not in ('c1')")).isFalse();
        assertThat(passes("qos IN (0, 1.0)")).isTrue();
        assertThat(passes("qos IN ('1')")).as("IN compares like =").isTrue();
        assertThat(passes("payload.missing IN (1, 2)")).isFalse();
        assertThat(passes("payload.missing IN (1, null)")).isTrue();
        assertThat(passes("qos IN ()")).isFalse();
        assertThat(passes("upper(clientid) IN (upper('c1'), 'x')")).isTrue();
    }

    @Test
    void isNullAndIsNotNull() {
        assertThat(passes("payload.missing IS NULL")).isTrue();
        assertThat(passes("payload.temp IS NULL")).isFalse();
        assertThat(passes("payload.temp IS NOT NULL")).isTrue();
        assertThat(passes("username is not null", builder().username(null).build())).isFalse();
    }

    @Test
    void topicMatch() {
        assertThat(passes("topic =~ 'sensors/+/temp'")).isTrue();
        assertThat(passes("topic =~ 'sensors/#'")).isTrue();
        assertThat(passes("topic =~ 'sensors'")).isFalse();
        assertThat(passes("topic =~ '#'", message("$SYS/x", ""))).as("[MQTT-4.7.2-1]").isFalse();
        assertThat(passes("topic =~ concat('sensors/', '#')")).as("a computed filter").isTrue();
        assertThat(passes("payload.missing =~ '#'")).isFalse();
        Evaluation.fails("topic =~ concat(payload.loc.site, '/#/b')", "'=~': invalid topic filter 'north/#/b'");
        Evaluation.fails("qos =~ '#'", "'=~' needs a topic and a filter (strings), got integer 1 and string '#'");
    }

    @Test
    void fromTakesSeveralFiltersMatchedLikeSubscriptions() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT * FROM \"t/#\", \"a/+/c\", 'x/y'");
        assertThat(sql.topicFilters()).containsExactly("t/#", "a/+/c", "x/y");
        assertThat(sql.matchesTopic("t")).isTrue();
        assertThat(sql.matchesTopic("t/1/2")).isTrue();
        assertThat(sql.matchesTopic("a/b/c")).isTrue();
        assertThat(sql.matchesTopic("a/b/c/d")).isFalse();
        assertThat(sql.matchesTopic("x/y")).isTrue();
        assertThat(sql.matchesTopic("x/y/z")).isFalse();
        assertThat(RuleSql.parse("SELECT * FROM \"#\"").matchesTopic("$SYS/broker")).isFalse();
        assertThat(RuleSql.parse("SELECT * FROM \"$SYS/#\"").matchesTopic("$SYS/broker")).isTrue();
    }

    @Test
    void aMessageTheWhereDropsGivesNoRows() {
        assertThat(rows("SELECT * FROM \"#\" WHERE qos = 2", Messages.sample())).isEqualTo(List.of());
        assertThat(rows("SELECT clientid FROM \"#\" WHERE qos = 1", Messages.sample()))
                .containsExactly(Map.of("clientid", "c1"));
    }
}
