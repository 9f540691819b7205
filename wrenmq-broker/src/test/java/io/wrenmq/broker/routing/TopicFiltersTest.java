package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Shared-filter parsing and matching; the validation rules are tested with the codec's TopicSyntax. */
class TopicFiltersTest {

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
