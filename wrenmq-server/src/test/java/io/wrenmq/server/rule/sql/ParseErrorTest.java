package io.wrenmq.server.rule.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every broken statement is refused with the line and column of the offending token and what was expected. */
class ParseErrorTest {

    private static RuleSqlException error(String sql) {
        RuleSqlException e = catchThrowableOfType(() -> RuleSql.parse(sql), RuleSqlException.class);
        assertThat(e).as(sql).isNotNull();
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SELEC * FROM "t"                        | 1 | 1  | expected SELECT or FOREACH, got 'SELEC'
            SELECT * "t"                            | 1 | 10 | expected ',' or FROM, got string 't'
            SELECT qos clientid FROM "t"            | 1 | 12 | expected ',' or FROM, got 'clientid'
            SELECT * FROM t                         | 1 | 15 | expected a topic filter in double quotes, got 't'
            SELECT * FROM                           | 1 | 14 | expected a topic filter in double quotes, got the end of the statement
            SELECT * FROM "a/#/b"                   | 1 | 15 | invalid topic filter "a/#/b": '#' must be the last level and alone in it [MQTT-4.7.1-1]
            SELECT * FROM "a/b+"                    | 1 | 15 | invalid topic filter "a/b+": '+' must occupy a whole level of the filter [MQTT-4.7.1-2]
            SELECT * FROM ""                        | 1 | 15 | invalid topic filter "": empty topic filter [MQTT-4.7.3-1]
            SELECT * FROM "$share/g/t"              | 1 | 15 | invalid topic filter "$share/g/t": a rule takes plain topic filters, not shared subscriptions
            SELECT * FROM "t", x                    | 1 | 20 | expected a topic filter in double quotes, got 'x'
            SELECT foo(1) FROM "t"                  | 1 | 8  | unknown function 'foo'
            SELECT lower(1, 2) FROM "t"             | 1 | 8  | function 'lower' takes 1 argument, got 2
            SELECT substr('a') FROM "t"             | 1 | 8  | function 'substr' takes 2 or 3 arguments, got 1
            SELECT pad('a') FROM "t"                | 1 | 8  | function 'pad' takes 2 to 4 arguments, got 1
            SELECT concat('a') FROM "t"             | 1 | 8  | function 'concat' takes at least 2 arguments, got 1
            SELECT map_new(1) FROM "t"              | 1 | 8  | function 'map_new' takes 0 arguments, got 1
            SELECT xyz FROM "t"                     | 1 | 8  | unknown field 'xyz' (the message has id, topic, payload, qos, retain, clientid, username, peerhost, timestamp, user_properties, password; aliases are known after their AS)
            SELECT y AS x, qos AS y FROM "t"        | 1 | 8  | unknown field 'y'
            SELECT qos FROM "t" WHERE clientId = 1  | 1 | 27 | unknown field 'clientId'
            SELECT 'abc FROM "t"                    | 1 | 8  | unterminated string: no closing '
            SELECT (qos FROM "t"                    | 1 | 13 | expected ')', got FROM
            SELECT lower(qos FROM "t"               | 1 | 18 | expected ',' or ')', got FROM
            SELECT [1, 2 FROM "t"                   | 1 | 14 | expected ',' or ']', got FROM
            SELECT CASE WHEN qos = 1 THEN 2 FROM "t" | 1 | 33 | expected WHEN, ELSE or END, got FROM
            SELECT CASE WHEN qos THEN 1 ELSE 2 x    | 1 | 36 | expected END, got 'x'
            SELECT CASE qos END FROM "t"            | 1 | 17 | expected WHEN, got END
            SELECT CASE WHEN qos 1 END FROM "t"     | 1 | 22 | expected THEN, got '1'
            SELECT * AS x FROM "t"                  | 1 | 10 | '*' cannot have an alias
            SELECT qos AS FROM "t"                  | 1 | 15 | expected an alias, got FROM
            SELECT qos AS a. FROM "t"               | 1 | 23 | expected ',' or FROM, got string 't'
            SELECT qos AS a.(b) FROM "t"            | 1 | 17 | expected a key name after '.', got '('
            SELECT payload.[1] FROM "t"             | 1 | 16 | expected a key name after '.', got '['
            SELECT payload.x[0] FROM "t"            | 1 | 17 | array positions start at 1 ([1] is the first, [-1] the last)
            SELECT payload.x[1.5] FROM "t"          | 1 | 17 | an index must be an integer or a string key, got float 1.5
            SELECT payload.x[1 FROM "t"             | 1 | 20 | expected ']', got FROM
            SELECT regex_match(clientid, '[') FROM "t" | 1 | 30 | regex_match: invalid regular expression '[': Unclosed character class
            SELECT now_timestamp('sec') FROM "t"    | 1 | 22 | now_timestamp: unknown time unit 'sec' (expected second, millisecond, microsecond, nanosecond)
            SELECT split(topic, '/', 'x') FROM "t"  | 1 | 26 | split: unknown split mode 'x' (expected notrim, leading, leading_notrim, trailing, trailing_notrim)
            SELECT unix_ts_to_rfc3339(1, NULL) FROM "t" | 1 | 30 | unix_ts_to_rfc3339: unknown time unit null (expected second, millisecond, microsecond, nanosecond)
            SELECT split(topic, '/', 3) FROM "t"    | 1 | 26 | split: unknown split mode integer 3
            SELECT qos ! 1 FROM "t"                 | 1 | 12 | unexpected character '!' (did you mean '!='?)
            SELECT # FROM "t"                       | 1 | 8  | unexpected character '#'
            SELECT qos FROM "t" WHERE qos = 1 x     | 1 | 35 | unexpected 'x' after the end of the statement (AND or OR missing?)
            SELECT qos FROM "t" WHERE qos = 1 )     | 1 | 35 | unexpected ')' after the end of the statement
            SELECT qos FROM "t" WHERE               | 1 | 26 | expected an expression, got the end of the statement
            SELECT qos FROM "t" WHERE qos = = 1     | 1 | 33 | expected an expression, got '='
            SELECT qos FROM "t" WHERE qos IS 1      | 1 | 34 | expected NULL, got '1'
            SELECT qos FROM "t" WHERE qos IN 1      | 1 | 34 | expected '(' after IN, got '1'
            SELECT qos FROM "t" WHERE topic =~ 'a/#/b' | 1 | 36 | invalid topic filter 'a/#/b': '#' must be the last level and alone in it [MQTT-4.7.1-1]
            SELECT FROM "t"                         | 1 | 8  | expected an expression, got FROM
            SELECT 1e FROM "t"                      | 1 | 9  | expected digits in the exponent of a number
            SELECT 12abc FROM "t"                   | 1 | 10 | unexpected 'a' after a number
            SELECT 1e999 FROM "t"                   | 1 | 8  | number out of range: 1e999
            FOREACH payload.x x FROM "t"            | 1 | 19 | expected AS, DO, INCASE or FROM, got 'x'
            FOREACH payload.x AS s y FROM "t"       | 1 | 24 | expected DO, INCASE or FROM, got 'y'
            FOREACH payload.x DO item AS y WHERE    | 1 | 32 | expected ',', INCASE or FROM, got WHERE
            FOREACH payload.x INCASE item > 1 "t"   | 1 | 35 | expected FROM, got string 't'
            FOREACH payload.x DO item AS y FROM     | 1 | 36 | expected a topic filter in double quotes, got the end of the statement
            FOREACH item FROM "t"                   | 1 | 9  | unknown field 'item'
            """)
    void positionedErrors(String sql, int line, int column, String reason) {
        RuleSqlException e = error(sql.strip());
        assertThat(e.reason()).as(sql).startsWith(reason);
        assertThat(e.line()).as(sql + " -> " + e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as(sql + " -> " + e.getMessage()).isEqualTo(column);
        assertThat(e.getMessage()).isEqualTo("line " + line + ", column " + column + ": " + e.reason());
    }

    @Test
    void linesAndColumnsCountFromOneAcrossLines() {
        RuleSqlException e = error("SELECT\n  payload.x AS x\nFROM \"t\"\nWHERE x >");
        assertThat(e.getMessage()).isEqualTo("line 4, column 10: expected an expression, got the end of the statement");
        e = error("SELECT 'a\nb', 'c\n  FROM \"t\"");
        assertThat(e.getMessage()).as("a string's own newlines count").isEqualTo("line 2, column 5: unterminated string: no closing '");
        e = error("SELECT\r\n\tqos,\r\n\tbad FROM \"t\"");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(2);
    }

    @Test
    void emptyAndBlankStatements() {
        assertThat(error("").getMessage()).isEqualTo("line 1, column 1: empty statement: expected SELECT or FOREACH");
        assertThat(error(" \n ").reason()).startsWith("empty statement");
        assertThat(catchThrowableOfType(() -> RuleSql.parse(null), RuleSqlException.class)).isNotNull();
    }

    @Test
    void nestingIsBounded() {
        String deep = "SELECT " + "(".repeat(150) + "1" + ")".repeat(150) + " FROM \"t\"";
        RuleSqlException e = error(deep);
        assertThat(e.reason()).isEqualTo("expression nested too deeply (more than 100 levels)");
        assertThat(e.line()).isEqualTo(1);
        assertThat(error("SELECT " + "-".repeat(5000) + "1 FROM \"t\"").reason()).startsWith("expression nested too deeply");
        assertThat(error("SELECT qos FROM \"t\" WHERE " + "NOT ".repeat(5000) + "true").reason())
                .startsWith("expression nested too deeply");
        assertThat(error("SELECT " + "lower(".repeat(200) + "'a'" + ")".repeat(200) + " FROM \"t\"").reason())
                .startsWith("expression nested too deeply");
    }

    @Test
    void keywordsAreCaseInsensitiveAndFieldNamesAreNot() throws Exception {
        assertThat(RuleSql.parse("select qos as q from \"t\" where q = 1 and not qos is null").selectedNames())
                .containsExactly("q");
        assertThat(error("SELECT QOS FROM \"t\"").reason()).startsWith("unknown field 'QOS'");
        assertThat(RuleSql.parse("SELECT LOWER(clientid) AS c FROM \"t\"").selectedNames()).containsExactly("c");
    }
}
