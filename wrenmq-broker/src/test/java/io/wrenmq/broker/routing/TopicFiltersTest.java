package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Shared-filter parsing; the validation and matching rules are tested with the codec's TopicSyntax. */
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
}
