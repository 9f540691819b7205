package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.Messages.message;
import static io.wrenmq.server.rule.sql.Messages.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FOREACH ... DO ... INCASE ... FROM ... WHERE, as EMQX runs it. */
class ForeachTest {
    private static final RuleMessage SENSORS = message("t/1", "{\"site\": \"n\", \"sensors\": ["
            + "{\"name\": \"a\", \"temp\": 25}, {\"name\": \"b\", \"temp\": 15}, {\"name\": \"c\", \"temp\": 30}]}");

    @Test
    void oneRowPerElementThatPassesIncase() throws Exception {
        RuleSql sql = RuleSql.parse("FOREACH payload.sensors DO item.name AS name, item.temp AS t, clientid "
                + "INCASE item.temp > 20 FROM \"t/#\"");
        assertThat(sql.selectedNames()).containsExactly("name", "t", "clientid");
        assertThat(sql.evaluate(SENSORS)).containsExactly(
                Map.of("name", "a", "t", 25L, "clientid", "c1"),
                Map.of("name", "c", "t", 30L, "clientid", "c1"));
    }

    @Test
    void theAliasNamesTheElementInDoAndIncaseAndTheArrayInWhere() {
        String sql = "FOREACH payload.sensors AS s DO s.name AS name, item.temp * 2 AS t2, t2 + 1 AS t3 "
                + "INCASE s.temp < 28 FROM \"t/#\" WHERE length(s) = 3";
        assertThat(rows(sql, SENSORS)).containsExactly(
                Map.of("name", "a", "t2", 50L, "t3", 51L),
                Map.of("name", "b", "t2", 30L, "t3", 31L));
        assertThat(rows(sql.replace("= 3", "= 4"), SENSORS)).as("WHERE drops the message before iterating")
                .isEmpty();
    }

    @Test
    void withoutDoEachRowIsTheMessageFieldsAndTheElement() throws Exception {
        RuleSql sql = RuleSql.parse("FOREACH payload.sensors FROM \"t/#\"");
        assertThat(sql.selectedNames()).containsExactly("*", "item");
        List<Map<String, Object>> rows = sql.evaluate(SENSORS);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsEntry("item", Map.of("name", "b", "temp", 15L))
                .containsEntry("topic", "t/1").containsEntry("clientid", "c1");
        assertThat(RuleSql.parse("FOREACH payload.sensors AS s FROM \"t/#\"").selectedNames())
                .containsExactly("*", "s");
    }

    @Test
    void doFieldsAreComputedAfreshForEachElement() {
        assertThat(rows("FOREACH [1, 2, 3] DO item * 10 AS x, x + item AS y FROM \"#\"", SENSORS))
                .containsExactly(Map.of("x", 10L, "y", 11L), Map.of("x", 20L, "y", 22L), Map.of("x", 30L, "y", 33L));
    }

    @Test
    void anythingButAnArrayGivesNoRows() {
        assertThat(rows("FOREACH payload.site DO item AS x FROM \"#\"", SENSORS)).isEmpty();
        assertThat(rows("FOREACH payload.missing DO item AS x FROM \"#\"", SENSORS)).isEmpty();
        assertThat(rows("FOREACH payload DO item AS x FROM \"#\"", message("t", "[\"p\", \"q\"]")))
                .as("a payload that is a JSON array").containsExactly(Map.of("x", "p"), Map.of("x", "q"));
        assertThat(rows("FOREACH payload.sensors DO item AS x INCASE item.temp > 100 FROM \"#\"", SENSORS))
                .isEmpty();
    }

    @Test
    void incaseFailureIsAnEvaluationError() {
        assertThatThrownBy(
                () -> rows("FOREACH payload.sensors DO item AS x INCASE item.temp FROM \"#\"", SENSORS))
                .isInstanceOf(RuleEvaluationException.class)
                .hasMessage("INCASE must be true or false, got integer 25");
    }

    @Test
    void splittingATopicIntoRows() {
        assertThat(rows("FOREACH split(topic, '/') AS level DO level AS l FROM \"#\"", message("a/b/c", "")))
                .containsExactly(Map.of("l", "a"), Map.of("l", "b"), Map.of("l", "c"));
    }
}
