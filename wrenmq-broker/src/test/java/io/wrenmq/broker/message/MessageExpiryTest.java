package io.wrenmq.broker.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyId;
import org.junit.jupiter.api.Test;

/** The one message-expiry function [MQTT-3.3.2-5, MQTT-3.3.2-6], and that it costs no clock read without an interval. */
class MessageExpiryTest {

    @Test
    void aMessageWithoutAnIntervalNeverExpiresAndDoesNotReadTheClock() {
        long at = Message.expiryAtMillis(Properties.EMPTY, () -> {
            throw new AssertionError("the clock was read for a message without Message Expiry Interval");
        });
        assertThat(at).isZero();
        Message m = new Message("t", 1, false, Properties.EMPTY, Unpooled.EMPTY_BUFFER, "c", at);
        assertThat(m.isExpiredNow()).isFalse();
        assertThat(m.isExpired(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void theIntervalBecomesADeadlineAndWhatIsLeftIsRoundedUp() {
        Properties p = Properties.builder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, 10).build();
        long at = Message.expiryAtMillis(p, () -> 1_000_000L);
        assertThat(at).isEqualTo(1_010_000L);
        Message m = new Message("t", 1, false, p, Unpooled.EMPTY_BUFFER, "c", at);
        assertThat(m.remainingExpirySeconds(1_000_001L)).isEqualTo(10); // 9.999 s left -> 10
        assertThat(m.isExpired(1_010_000L)).as("strictly after the deadline").isFalse();
        assertThat(m.isExpired(1_010_001L)).isTrue();
        assertThat(m.isExpiredNow()).as("the real clock is far past 1970 + 1010 s").isTrue();
    }

    @Test
    void intervalZeroExpiresRightAfterPublication() {
        Properties p = Properties.builder().put(PropertyId.MESSAGE_EXPIRY_INTERVAL, 0).build();
        assertThat(Message.expiryAtMillis(p, () -> 5_000L)).isEqualTo(5_000L);
    }
}
