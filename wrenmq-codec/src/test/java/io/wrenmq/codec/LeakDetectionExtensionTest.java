package io.wrenmq.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that the extension notices a leak, so that a green build means something. */
class LeakDetectionExtensionTest {

    @Test
    void recordsADeliberatelyLeakedBuffer() {
        leakOneBuffer();
        List<String> leaks = List.of();
        // Bounded: the GC normally finds the buffer on the first round.
        for (int round = 0; round < 50 && leaks.isEmpty(); round++) {
            LeakDetectionExtension.flush();
            leaks = LeakDetectionExtension.drain(); // drained, so afterEach passes this test
        }
        assertThat(leaks).as("leak reports").isNotEmpty();
        assertThat(leaks.get(0)).contains("LEAK").contains("ByteBuf");
    }

    @Test
    void releasedBuffersAreNotReported() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16).writeLong(1);
        b.release();
        LeakDetectionExtension.flush();
        assertThat(LeakDetectionExtension.drain()).isEmpty();
    }

    private static void leakOneBuffer() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(42);
        // dropped without release()
    }
}
