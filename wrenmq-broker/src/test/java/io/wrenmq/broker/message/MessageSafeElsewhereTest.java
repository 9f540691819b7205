package io.wrenmq.broker.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.wrenmq.codec.Properties;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A publication that a bridge's remote broker acknowledged is safe without the local store: the future the router
 * waits on completes from the message and from its queue copy alike, and marking a message nobody waits on is harmless.
 */
class MessageSafeElsewhereTest {

    @Test
    void theQueueCopyStandsForTheSamePublication() {
        Message m = new Message("t", 1, false, Properties.EMPTY,
                Unpooled.copiedBuffer("x", StandardCharsets.UTF_8), "pub", 0);
        CompletableFuture<Void> safe = m.safeElsewhere();
        Message copy = m.detachedCopy();
        m.release();
        assertThat(safe).isNotDone();
        copy.markSafeElsewhere(); // the subscriber acknowledged the copy it was sent from its queue
        assertThat(safe).isCompleted();
        copy.release();
    }

    @Test
    void markingAMessageNobodyWaitsOnDoesNothing() {
        Message m = new Message("t", 1, false, Properties.EMPTY, Unpooled.EMPTY_BUFFER, "pub", 0);
        m.markSafeElsewhere();
        assertThat(m.detachedCopy().safeElsewhere()).as("a fresh future, not a completed one").isNotDone();
    }
}
