package io.wrenmq.codec;

import static io.wrenmq.codec.Frames.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict validator against the boundaries of Unicode table 3-7 and [MQTT-1.5.4-1] [MQTT-1.5.4-2]. */
class MqttUtf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "\u007F", "\u0080", "\u07FF", "\u0800", "\uD7FF", "\uE000", "\uFFFF",
        "\uD800\uDC00", "\uDBFF\uDFFF", "topic/\u00e9\u20ac\uD83D\uDE00"})
    void acceptsWellFormedBoundaries(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertThat(MqttUtf8.isValid(b, 0, b.length)).isTrue();
    }

    @Test
    void rejectsEveryIllFormedClass() {
        byte[][] bad = {
            raw(0x00), // U+0000 [MQTT-1.5.4-2]
            raw(0x80), // lone continuation
            raw(0xC0, 0x80), raw(0xC1, 0xBF), // overlong 2-byte
            raw(0xE0, 0x9F, 0xBF), // overlong 3-byte
            raw(0xF0, 0x8F, 0xBF, 0xBF), // overlong 4-byte
            raw(0xED, 0xA0, 0x80), raw(0xED, 0xBF, 0xBF), // surrogates [MQTT-1.5.4-1]
            raw(0xF4, 0x90, 0x80, 0x80), raw(0xF5, 0x80, 0x80, 0x80), raw(0xFF), // above U+10FFFF / invalid
            raw(0xE2, 0x82), raw(0xC3), // truncated
            raw(0xE2, 0x28, 0xA1), // bad continuation
        };
        for (byte[] b : bad) {
            assertThat(MqttUtf8.isValid(b, 0, b.length)).as(java.util.Arrays.toString(b)).isFalse();
        }
    }
}
