package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.Messages.builder;
import static io.wrenmq.server.rule.sql.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NanoMQ's rule statements parse unchanged and mean what they mean there: the statements of NanoMQ's docs
 * (rule/config-file.md, the rules section of the configuration reference) and of its parser's tests
 * (NanoNNG rule_test.c), field names and aliases in WHERE, lower-case keywords.
 */
class NanoMqStatementsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM \"abc\"",
        "SELECT topic, payload FROM \"abc\"",
        "SELECT * FROM \"#\" ",
        "SELECT payload.x.y as y, payload.z as z FROM \"#\" WHERE y > 10 and z != 'str'",
        "SELECT payload.x.y AS a, qos FROM \"t/#\" WHERE a > 1 AND clientid = 'c'",
        "SELECT * FROM \"#\" WHERE username = 'abc'",
        "SELECT qos, username, clientid FROM \"t/#\"",
        "SELECT clientid as cid FROM \"#\" WHERE cid = 'abc'",
        "SELECT payload FROM \"#\" WHERE payload.x.y = 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y = 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y != 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y <> 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y > 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y < 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y >= 1",
        "SELECT payload.x.y as y FROM \"#\" WHERE y <= 1",
        "SELECT qos, id, topic, clientid, username, password, timestamp, payload FROM \"t/#\"",
        "SELECT timestamp, qos as q FROM \"t/#\" WHERE q = 1 AND timestamp > 0 AND password = 'p'",
    })
    void nanoMqStatementsParse(String sql) throws Exception {
        assertThat(RuleSql.parse(sql).text()).isEqualTo(sql);
    }

    @Test
    void repubOfTopicAndPayloadGivesNanoMqsJsonFields() throws Exception {
        // docs/en_US/rule/config-file.md: publishing "aaa" to abc republishes {"topic":"abc","payload":"aaa"}
        RuleSql sql = RuleSql.parse("SELECT topic, payload FROM \"abc\"");
        assertThat(sql.matchesTopic("abc")).isTrue();
        assertThat(sql.matchesTopic("abcd")).isFalse();
        Map<String, Object> row = sql.evaluate(message("abc", "aaa")).get(0);
        assertThat(JsonModel.encode(row)).isEqualTo("{\"topic\":\"abc\",\"payload\":\"aaa\"}");
    }

    @Test
    void payloadFieldsAndAliasesInWhere() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT payload.x.y as y, payload.z as z FROM \"#\" WHERE y > 10 and z != 'str'");
        assertThat(sql.selectedNames()).containsExactly("y", "z");
        assertThat(sql.evaluate(message("t", "{\"x\": {\"y\": 11}, \"z\": \"other\"}")))
                .containsExactly(Map.of("y", 11L, "z", "other"));
        assertThat(sql.evaluate(message("t", "{\"x\": {\"y\": 11}, \"z\": \"str\"}"))).isEmpty();
        assertThat(sql.evaluate(message("t", "{\"x\": {\"y\": 10}, \"z\": \"other\"}"))).isEmpty();
        assertThat(sql.evaluate(message("t", "{\"x\": {\"y\": 11}, \"z\": 5}"))).as("a number is not 'str'")
                .containsExactly(Map.of("y", 11L, "z", 5L));
        assertThat(sql.evaluate(message("t", "not json"))).isEmpty();
    }

    @Test
    void fieldNamesStayUsableInWhereNextToTheirAliases() throws Exception {
        RuleSql sql = RuleSql.parse("SELECT payload.x.y AS a, qos FROM \"t/#\" WHERE a > 1 AND clientid = 'c'");
        RuleMessage m = builder().topic("t/1").payload("{\"x\": {\"y\": 2}}").clientId("c").build();
        assertThat(sql.evaluate(m)).containsExactly(Map.of("a", 2L, "qos", 1L));
        assertThat(sql.evaluate(builder().topic("t/1").payload("{\"x\": {\"y\": 2}}").clientId("d").build()))
                .isEmpty();
        RuleSql aliased = RuleSql.parse("SELECT clientid as cid FROM \"#\" WHERE cid = 'abc' and clientid = 'abc'");
        assertThat(aliased.evaluate(builder().clientId("abc").build())).containsExactly(Map.of("cid", "abc"));
    }

    @Test
    void anUnaliasedPayloadPathIsAColumnNamedAsWritten() throws Exception {
        // NanoMQ names such a field by its text ("payload.x.y"); so do we (EMQX would nest it)
        RuleSql sql = RuleSql.parse("SELECT payload.x.y, qos FROM \"#\"");
        assertThat(sql.selectedNames()).containsExactly("payload.x.y", "qos");
        assertThat(sql.evaluate(message("t", "{\"x\": {\"y\": 3}}")))
                .containsExactly(Map.of("payload.x.y", 3L, "qos", 1L));
    }
}
