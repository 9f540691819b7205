package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFiltersTest {

    @ParameterizedTest(name = "valid: {0}")
    @ValueSource(strings = {"#", "+", "a", "/", "//", "a/b/c", "sport/tennis/#", "sport/+/player1", "+/+", "/+",
        "+/tennis/#", "$SYS/#", "a//b", "$share/g/a/b", "$share/g/#", "$share/g/+/x", "$share/g//",
        "$queue/a/#", "$queue/+", "$share", "$sharex/a", "a/b ", "ü/€"})
    void validFilters(String filter) {
        assertThat(TopicFilters.invalidFilterReason(filter)).isNull();
    }

    @ParameterizedTest(name = "invalid {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        // '#' must be on its own and the last character [MQTT-4.7.1-1]
        "sport/tennis#     | MQTT-4.7.1-1",
        "sport/tennis/#/ranking | MQTT-4.7.1-1",
        "#/a               | MQTT-4.7.1-1",
        "a#                | MQTT-4.7.1-1",
        "##                | MQTT-4.7.1-1",
        // '+' must occupy an entire level [MQTT-4.7.1-2]
        "sport+            | MQTT-4.7.1-2",
        "sport/+tennis     | MQTT-4.7.1-2",
        "++                | MQTT-4.7.1-2",
        "a/b+/c            | MQTT-4.7.1-2",
        // shared: non-empty share name [MQTT-4.8.2-1]
        "$share//a         | MQTT-4.8.2-1",
        "$share/           | MQTT-4.8.2-1",
        // shared: no + # in the name, followed by / and a filter [MQTT-4.8.2-2]
        "$share/g+/a       | MQTT-4.8.2-2",
        "$share/#/a        | MQTT-4.8.2-2",
        "$share/g          | MQTT-4.8.2-2",
        "$share/g/         | MQTT-4.8.2-2",
        // the filter after the share name follows the normal rules
        "$share/g/a#       | MQTT-4.7.1-1",
        "$queue/a+         | MQTT-4.7.1-2",
        "$queue/           | MQTT-4.7.3-1",
    })
    void invalidFilters(String filter, String rule) {
        assertThat(TopicFilters.invalidFilterReason(filter)).contains(rule);
    }

    @Test
    void emptyFilterIsInvalid_MQTT_4_7_3_1() {
        assertThat(TopicFilters.invalidFilterReason("")).contains("MQTT-4.7.3-1");
        assertThat(TopicFilters.invalidFilterReason(null)).contains("MQTT-4.7.3-1");
    }

    @Test
    void nullCharacterIsInvalid_MQTT_4_7_3_2() {
        assertThat(TopicFilters.invalidFilterReason("a/\u0000/b")).contains("MQTT-4.7.3-2");
        assertThat(TopicFilters.invalidFilterReason("$share/g/a\u0000")).contains("MQTT-4.7.3-2");
        assertThat(TopicFilters.invalidTopicNameReason("a\u0000")).contains("MQTT-4.7.3-2");
    }

    @Test
    void topicNamesHaveNoWildcards_MQTT_3_3_2_2() {
        assertThat(TopicFilters.invalidTopicNameReason("a/+")).contains("MQTT-3.3.2-2");
        assertThat(TopicFilters.invalidTopicNameReason("#")).contains("MQTT-3.3.2-2");
        assertThat(TopicFilters.invalidTopicNameReason("")).contains("MQTT-4.7.3-1");
        assertThat(TopicFilters.invalidTopicNameReason("/a//b/")).isNull();
        assertThat(TopicFilters.invalidTopicNameReason("$SYS/x")).isNull();
    }

    @Test
    void parseShared() {
        assertThat(TopicFilters.parseShared("$share/g1/a/b/#")).isEqualTo(new SharedFilter("g1", "a/b/#"));
        assertThat(TopicFilters.parseShared("$share/g1//")).isEqualTo(new SharedFilter("g1", "/"));
        assertThat(TopicFilters.parseShared("$queue/a/+")).isEqualTo(new SharedFilter("$queue", "a/+"));
        assertThat(TopicFilters.parseShared("a/b")).isNull();
        assertThat(TopicFilters.parseShared("$share")).isNull();
        assertThat(TopicFilters.parseShared("$SYS/#")).isNull();
        assertThatThrownBy(() -> TopicFilters.parseShared("$share/g")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT-4.8.2-2");
    }

    @Test
    void isWildcard() {
        assertThat(TopicFilters.isWildcard("a/+/b")).isTrue();
        assertThat(TopicFilters.isWildcard("a/#")).isTrue();
        assertThat(TopicFilters.isWildcard("a/b")).isFalse();
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // section 4.7.1.2: '#' matches the parent level and any number of child levels
        "sport/tennis/player1/# | sport/tennis/player1              | true",
        "sport/tennis/player1/# | sport/tennis/player1/ranking      | true",
        "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon | true",
        "sport/#                | sport                             | true",
        "sport/#                | sport/                            | true",
        "sport/#                | sports                            | false",
        "#                      | a/b/c                             | true",
        "#                      | /                                 | true",
        // section 4.7.1.3: '+' matches exactly one level, empty levels included
        "sport/tennis/+         | sport/tennis/player1              | true",
        "sport/tennis/+         | sport/tennis/player1/ranking      | false",
        "sport/+                | sport                             | false",
        "sport/+                | sport/                            | true",
        "+/+                    | /finance                          | true",
        "/+                     | /finance                          | true",
        "+                      | /finance                          | false",
        "+                      | a                                 | true",
        "+/#                    | a                                 | true",
        // empty levels are levels
        "a//b                   | a//b                              | true",
        "a//b                   | a/b                               | false",
        "a/+/b                  | a//b                              | true",
        "a/b/                   | a/b                               | false",
        "a/b                    | a/b/                              | false",
        "/                      | /                                 | true",
        // literal comparison is exact and case sensitive
        "a/b                    | a/b                               | true",
        "a/b                    | A/b                               | false",
        "a/bc                   | a/b                               | false",
        // [MQTT-4.7.2-1]: a filter starting with a wildcard does not match a topic starting with '$'
        "#                      | $SYS/broker/uptime                | false",
        "+/broker/uptime        | $SYS/broker/uptime                | false",
        "+/#                    | $SYS                              | false",
        "$SYS/#                 | $SYS/broker/uptime                | true",
        "$SYS/#                 | $SYS                              | true",
        "$SYS/+/uptime          | $SYS/broker/uptime                | true",
        "#                      | a/$b                              | true",
        "a/+                    | a/$b                              | true",
    })
    void matching(String filter, String topic, boolean expected) {
        assertThat(TopicFilters.matches(filter, topic)).isEqualTo(expected);
    }
}
