package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTypesTest {

    private static ConfigValue hocon(String text) {
        return ConfigFactory.parseString("v = " + text).getValue("v");
    }

    @ParameterizedTest
    @CsvSource({"4096, 4096", "10MB, 10485760", "1KB, 1024", "1kb, 1024", "512B, 512", "2G, 2147483648", "\"3 MB\", 3145728", "1MiB, 1048576"})
    void sizesUseBinaryUnitsLikeNanomq(String text, long bytes) throws Exception {
        assertThat(ValueTypes.size(0, Long.MAX_VALUE).parse(hocon(text))).isEqualTo(bytes);
    }

    @Test
    void sizeErrorsCarryHints() {
        assertThatThrownBy(() -> ValueTypes.size(16, 1024).parse(hocon("2KB")))
                .isInstanceOfSatisfying(ValueType.BadValue.class, e -> assertThat(e.hint()).isEqualTo("allowed range is 16B..1KB"));
        assertThatThrownBy(() -> ValueTypes.size(0, 100).parse(hocon("ten")))
                .isInstanceOfSatisfying(ValueType.BadValue.class, e -> assertThat(e.hint()).contains("\"10MB\""));
    }

    @ParameterizedTest
    @CsvSource({"10s, PT10S", "500ms, PT0.5S", "5m, PT5M", "1h, PT1H", "2d, PT48H", "0, PT0S", "\"15 s\", PT15S"})
    void durations(String text, String iso) throws Exception {
        assertThat(ValueTypes.duration(Duration.ZERO, Duration.ofDays(10)).parse(hocon(text))).isEqualTo(Duration.parse(iso));
    }

    @Test
    void bareNumberDurationIsRefusedBecauseItsUnitIsAmbiguous() {
        assertThatThrownBy(() -> ValueTypes.duration(Duration.ZERO, Duration.ofDays(1)).parse(hocon("10")))
                .isInstanceOfSatisfying(ValueType.BadValue.class, e -> assertThat(e.hint()).contains("\"10s\""));
        assertThatThrownBy(() -> ValueTypes.duration(Duration.ofSeconds(1), Duration.ofHours(1)).parse(hocon("2h")))
                .isInstanceOfSatisfying(ValueType.BadValue.class, e -> assertThat(e.hint()).isEqualTo("allowed range is 1s..1h"));
    }

    @ParameterizedTest
    @CsvSource({"5000, PT5S", "\"5000\", PT5S", "2, PT0.002S", "2s, PT2S", "1500ms, PT1.5S", "0, PT0S"})
    void nanomqsMillisecondKeysTakeABareNumberAsMillisecondsAndADuration(String text, String iso) throws Exception {
        assertThat(ValueTypes.clampedMillis(Duration.ZERO, Duration.ofHours(1)).parse(hocon(text))).isEqualTo(Duration.parse(iso));
    }

    @Test
    void millisecondKeysAreClampedAndNeedWholeNumbers() throws Exception {
        ValueType.Parsed<Duration> clamped = ValueTypes.clampedMillis(Duration.ofMillis(100), Duration.ofMinutes(10)).read(hocon("50"));
        assertThat(clamped.value()).isEqualTo(Duration.ofMillis(100));
        assertThat(clamped.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("using 100ms"));
        assertThatThrownBy(() -> ValueTypes.clampedMillis(Duration.ZERO, Duration.ofHours(1)).parse(hocon("1.5")))
                .isInstanceOf(ValueType.BadValue.class);
        assertThatThrownBy(() -> ValueTypes.clampedMillis(Duration.ZERO, Duration.ofHours(1)).parse(hocon("5 parsecs")))
                .isInstanceOf(ValueType.BadValue.class);
    }

    @Test
    void longIntegersReachBeyondInt() throws Exception {
        assertThat(ValueTypes.longInteger(0, 0xFFFFFFFFL).parse(hocon("4294967295"))).isEqualTo(4_294_967_295L);
        assertThatThrownBy(() -> ValueTypes.longInteger(0, 0xFFFFFFFFL).parse(hocon("-1")))
                .isInstanceOfSatisfying(ValueType.BadValue.class, e -> assertThat(e.hint()).isEqualTo("allowed range is 0..4294967295"));
    }

    @Test
    void booleansAndNumbersAlsoComeAsStrings() throws Exception {
        assertThat(ValueTypes.bool().parse(hocon("\"on\""))).isTrue();
        assertThat(ValueTypes.integer(0, 10).parse(hocon("\"7\""))).isEqualTo(7);
        assertThat(ValueTypes.decimal(1, 2).parse(hocon("\"1.5\""))).isEqualTo(1.5);
        assertThatThrownBy(() -> ValueTypes.integer(0, 10).parse(hocon("1.5"))).isInstanceOf(ValueType.BadValue.class);
    }

    @Test
    void editDistanceHints() {
        assertThat(Hints.distance("max_packet_sise", "max_packet_size")).isEqualTo(1);
        assertThat(Hints.forUnknownKey("mqtt.max_qso", java.util.List.of("mqtt.max_qos", "mqtt.max_packet_size"), java.util.List.of()))
                .isEqualTo("did you mean mqtt.max_qos?");
    }
}
