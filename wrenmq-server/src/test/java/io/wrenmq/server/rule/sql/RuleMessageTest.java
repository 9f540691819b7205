package io.wrenmq.server.rule.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's messages borrow the broker's payload buffer until a rule reads it or the engine detaches them. */
class RuleMessageTest {

    @Test
    void aBorrowedPayloadIsCopiedAtItsFirstReadAndTheIdWrittenOutWhenRead() {
        ByteBuf buf = Unpooled.copiedBuffer("xx{\"a\": 1}", StandardCharsets.UTF_8).skipBytes(2);
        RuleMessage m = RuleMessage.borrowing(42, "t/1", buf, 1, true, "c1", null, "127.0.0.1", 5L, Map.of());
        assertThat(m.payload()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\": 1}"); // from the reader index
        buf.release();
        assertThat(m.payload()).as("the copy outlives the buffer").asString(StandardCharsets.UTF_8).isEqualTo("{\"a\": 1}");
        assertThat(m.id()).isEqualTo("42");
        assertThat(m.retain()).isTrue();
    }

    @Test
    void aDetachedMessageKeepsItsPayloadAfterTheBrokerReleasedTheBuffer() throws Exception {
        ByteBuf buf = Unpooled.copiedBuffer("{\"temp\": 30}", StandardCharsets.UTF_8);
        RuleMessage m = RuleMessage.borrowing(1, "s/1", buf, 0, false, "c1", "u", null, 5L, Map.of()).detach();
        buf.setByte(2, 'X'); // what the broker does with its buffer afterwards does not show
        buf.release();
        assertThat(RuleSql.parse("SELECT payload.temp AS t FROM \"s/#\"").evaluate(m)).containsExactly(Map.of("t", 30L));
    }

    @Test
    void aMessageWithoutPayloadReadsAsEmpty() {
        assertThat(RuleMessage.borrowing(1, "t", null, 0, false, "c", null, null, 0, null).payload()).isEmpty();
    }
}
