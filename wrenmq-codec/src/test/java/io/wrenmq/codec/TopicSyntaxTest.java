package io.wrenmq.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The topic name and filter rules of sections 4.7 and 4.8.2, the one place broker, client and tools ask. */
class TopicSyntaxTest {

    @ParameterizedTest(name = "valid: {0}")
    @ValueSource(strings = {"#", "+", "a", "/", "//", "a/b/c", "sport/tennis/#", "sport/+/player1", "+/+", "/+",
        "+/tennis/#", "$SYS/#", "a//b", "$share/g/a/b", "$share/g/#", "$share/g/+/x", "$share/g//",
        "$queue/a/#", "$queue/+", "$share", "$sharex/a", "a/b ", "ü/€"})
    void validFilters(String filter) {
        assertThat(TopicSyntax.invalidFilterReason(filter)).isNull();
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
        assertThat(TopicSyntax.invalidFilterReason(filter)).contains(rule);
    }

    @Test
    void emptyFilterIsInvalid_MQTT_4_7_3_1() {
        assertThat(TopicSyntax.invalidFilterReason("")).contains("MQTT-4.7.3-1");
        assertThat(TopicSyntax.invalidFilterReason(null)).contains("MQTT-4.7.3-1");
    }

    @Test
    void nullCharacterIsInvalid_MQTT_4_7_3_2() {
        assertThat(TopicSyntax.invalidFilterReason("a/\u0000/b")).contains("MQTT-4.7.3-2");
        assertThat(TopicSyntax.invalidFilterReason("$share/g/a\u0000")).contains("MQTT-4.7.3-2");
        assertThat(TopicSyntax.invalidNameReason("a\u0000")).contains("MQTT-4.7.3-2");
    }

    @Test
    void topicNamesHaveNoWildcards_MQTT_3_3_2_2() {
        assertThat(TopicSyntax.invalidNameReason("a/+")).contains("MQTT-3.3.2-2");
        assertThat(TopicSyntax.invalidNameReason("#")).contains("MQTT-3.3.2-2");
        assertThat(TopicSyntax.invalidNameReason("")).contains("MQTT-4.7.3-1");
        assertThat(TopicSyntax.invalidNameReason("/a//b/")).isNull();
        assertThat(TopicSyntax.invalidNameReason("$SYS/x")).isNull();
    }

    @Test
    void hasWildcard() {
        assertThat(TopicSyntax.hasWildcard("a/+/b")).isTrue();
        assertThat(TopicSyntax.hasWildcard("a/#")).isTrue();
        assertThat(TopicSyntax.hasWildcard("a/b")).isFalse();
    }

    /** The syntax alone: a well-formed filter that is a bad shared subscription is still well-formed. */
    @ParameterizedTest(name = "syntax of {0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "ok", value = {
        "$share/g          | ok",
        "$share/           | ok",
        "$queue/           | ok",
        "a/${username}/#   | ok",
        "$share/g/a#       | MQTT-4.7.1-1",
        "a/+b              | MQTT-4.7.1-2",
        "''                | MQTT-4.7.3-1",
    })
    void syntaxAloneDoesNotJudgeSharedFilters(String filter, String rule) {
        if (rule == null) {
            assertThat(TopicSyntax.invalidSyntaxReason(filter)).isNull();
        } else {
            assertThat(TopicSyntax.invalidSyntaxReason(filter)).contains(rule);
        }
    }

    /** Topic names and filters encode to at most 65535 bytes of UTF-8 [MQTT-4.7.3-3]. */
    @Test
    void atMost65535Bytes_MQTT_4_7_3_3() {
        String ascii = "a".repeat(65_535);
        assertThat(TopicSyntax.invalidNameReason(ascii)).isNull();
        assertThat(TopicSyntax.invalidNameReason(ascii + "b")).contains("MQTT-4.7.3-3");
        assertThat(TopicSyntax.invalidFilterReason(ascii.substring(2) + "/#")).isNull();
        assertThat(TopicSyntax.invalidFilterReason(ascii + "/#")).contains("MQTT-4.7.3-3");
        assertThat(TopicSyntax.invalidFilterReason("$share/g/" + ascii)).contains("MQTT-4.7.3-3");
        assertThat(TopicSyntax.invalidSyntaxReason(ascii + "/+")).contains("MQTT-4.7.3-3");
        String euros = "\u20ac".repeat(21_845); // 3 bytes each: 65535 bytes in 21845 chars
        assertThat(TopicSyntax.invalidNameReason(euros)).isNull();
        assertThat(TopicSyntax.invalidNameReason(euros + "x")).contains("MQTT-4.7.3-3");
        String emoji = "\uD83D\uDE00".repeat(16_384); // 4 bytes per pair: 65536 bytes in 32768 chars
        assertThat(TopicSyntax.invalidNameReason(emoji)).contains("MQTT-4.7.3-3");
    }

    /** Random strings over the characters that matter, against a reference written from the rules' text. */
    @Test
    void randomizedAgainstAReference() {
        long seed = ThreadLocalRandom.current().nextLong();
        Random random = new Random(seed);
        String alphabet = "ab/+#$\u0000\u00fc";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(8);
            for (int c = 0; c < len; c++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertThat(TopicSyntax.invalidSyntaxReason(s) == null).as("seed %d filter '%s'", seed, s)
                    .isEqualTo(referenceFilter(s));
            assertThat(TopicSyntax.invalidNameReason(s) == null).as("seed %d name '%s'", seed, s)
                    .isEqualTo(!s.isEmpty() && s.chars().noneMatch(c -> c == '+' || c == '#' || c == 0));
            if (referenceFilter(s)) {
                assertThat(TopicSyntax.invalidFilterReason("$share/g/" + s)).as("seed %d shared '%s'", seed, s)
                        .isNull();
            }
        }
    }

    /** Not empty, no U+0000; per level: '#' only alone and last [MQTT-4.7.1-1], '+' only alone [MQTT-4.7.1-2]. */
    private static boolean referenceFilter(String filter) {
        if (filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
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
        assertThat(TopicSyntax.matches(filter, topic)).isEqualTo(expected);
    }
}
