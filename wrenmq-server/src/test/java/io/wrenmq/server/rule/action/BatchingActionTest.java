package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The queue and worker every action shares, with a scripted target. */
class BatchingActionTest {
    private static final BatchSettings FAST = new BatchSettings(10, 4, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(5));

    private final Target target = new Target();
    private BatchingAction action;

    @AfterEach
    void close() {
        if (action != null) {
            action.close();
        }
    }

    @Test
    void rowsAreWrittenInOrderInBatchesOfAtMostBatchSizeOnTheActionsOwnThread() {
        action = new BatchingAction("ordered", FAST, target);
        for (long i = 0; i < 10; i++) {
            assertThat(action.offer(row("seq", i))).isTrue();
        }
        action.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 10);
        assertThat(target.batchSizes()).containsExactly(4, 4, 2);
        assertThat(target.written()).containsExactlyElementsOf(seqs(0, 10));
        assertThat(target.threadName).isEqualTo("wrenmq-rule-ordered");
        assertThat(action.stats().batches()).isEqualTo(3);
        assertThat(action.stats().queueDepth()).isZero();
    }

    @Test
    void aBatchThatFailsIsRetriedUnchangedWithGrowingDelays() {
        target.failTransiently.set(3);
        action = new BatchingAction("retry", new BatchSettings(10, 4, Duration.ofMillis(40), Duration.ofSeconds(1),
                Duration.ofSeconds(5)), target);
        for (long i = 0; i < 6; i++) {
            action.offer(row("seq", i));
        }
        action.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 6);
        assertThat(target.attempts).as("the same first batch three times, then the rest").hasSize(5);
        assertThat(target.attempts.subList(0, 4)).allSatisfy(b -> assertThat(b).containsExactlyElementsOf(seqs(0, 4)));
        assertThat(target.written()).containsExactlyElementsOf(seqs(0, 6));
        assertThat(action.stats().retriedBatches()).isEqualTo(3);
        assertThat(action.stats().lastError()).isEqualTo("target away");
        // Delays 40, 80, 160 ms less up to a quarter of jitter: at least 30 + 60 + 120.
        long spent = target.attemptTimes.get(3) - target.attemptTimes.get(0);
        assertThat(spent).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(210));
    }

    @Test
    void theQueueHoldsQueueSizeRowsWithTheBatchInHandAndDropsAndCountsTheRest() {
        target.failTransiently.set(Integer.MAX_VALUE);
        action = new BatchingAction("bound", FAST, target);
        action.start();
        List<Long> accepted = new ArrayList<>();
        for (long i = 0; i < 15; i++) {
            if (action.offer(row("seq", i))) {
                accepted.add(i);
            }
        }
        assertThat(accepted).containsExactlyElementsOf(seqs(0, 10));
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().retriedBatches() >= 1);
        assertThat(action.stats().dropped()).isEqualTo(5);
        assertThat(action.stats().queueDepth()).isEqualTo(10);

        target.failTransiently.set(0);
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() == 10);
        assertThat(target.written()).containsExactlyElementsOf(seqs(0, 10));
        assertThat(action.stats().dropped()).isEqualTo(5);
    }

    @Test
    void dropsAreLoggedOncePerIntervalWithTheirCount() {
        Logger log = (Logger) LoggerFactory.getLogger(BatchingAction.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            action = new BatchingAction("noisy", FAST, target); // not started: nothing leaves the queue
            for (long i = 0; i < 30; i++) {
                action.offer(row("seq", i));
            }
        } finally {
            log.detachAppender(seen);
        }
        assertThat(seen.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("noisy").contains("1 rows dropped (1 so far)").contains("queue is full (10 rows)");
        assertThat(action.stats().dropped()).isEqualTo(20);
    }

    @Test
    void aBatchTheTargetRefusesIsWrittenRowByRowSoOnlyTheBadRowFails() {
        target.refuse = rows -> rows.stream().anyMatch(r -> Long.valueOf(2).equals(r.get("seq")));
        action = new BatchingAction("refused", FAST, target);
        for (long i = 0; i < 4; i++) {
            action.offer(row("seq", i));
        }
        action.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> action.stats().success() + action.stats().failure() == 4);
        assertThat(target.written()).containsExactly(0L, 1L, 3L);
        assertThat(action.stats().failure()).isEqualTo(1);
        assertThat(action.stats().retriedBatches()).isZero();
        assertThat(action.stats().lastError()).isEqualTo("refused");
    }

    @Test
    void closeWritesWhatIsQueuedFirst() {
        action = new BatchingAction("flush", FAST, target);
        for (long i = 0; i < 10; i++) {
            action.offer(row("seq", i));
        }
        action.start();
        action.close();
        assertThat(target.written()).containsExactlyElementsOf(seqs(0, 10));
        assertThat(action.stats().dropped()).isZero();
        assertThat(target.closed).isTrue();
    }

    @Test
    void closeWithTheTargetAwayReturnsAfterTheTimeoutAndCountsWhatIsLeftAsDropped() {
        target.failTransiently.set(Integer.MAX_VALUE);
        action = new BatchingAction("away", new BatchSettings(10, 4, Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofMillis(300)), target);
        for (long i = 0; i < 7; i++) {
            action.offer(row("seq", i));
        }
        action.start();
        long start = System.nanoTime();
        action.close();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(action.stats().dropped()).isEqualTo(7);
        assertThat(action.stats().queueDepth()).isZero();
        assertThat(action.offer(row("seq", 99L))).as("closed").isFalse();
        assertThat(action.stats().dropped()).isEqualTo(8);
    }

    @Test
    void closingAnActionThatNeverStartedCountsItsRowsAsDropped() {
        action = new BatchingAction("idle", FAST, target);
        action.offer(row("seq", 1L));
        action.close();
        assertThat(action.stats().dropped()).isEqualTo(1);
        assertThat(target.attempts).isEmpty();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    /** Records every attempt; fails transiently while failTransiently > 0, refuses batches that match refuse. */
    private static final class Target implements BatchWriter {
        final AtomicInteger failTransiently = new AtomicInteger();
        volatile Predicate<List<Map<String, Object>>> refuse = rows -> false;
        final List<List<Long>> attempts = Collections.synchronizedList(new ArrayList<>());
        final List<Long> attemptTimes = Collections.synchronizedList(new ArrayList<>());
        private final List<List<Long>> succeeded = Collections.synchronizedList(new ArrayList<>());
        volatile String threadName;
        volatile boolean closed;

        @Override
        public int write(List<Map<String, Object>> rows) throws Exception {
            threadName = Thread.currentThread().getName();
            List<Long> seqs = rows.stream().map(r -> (Long) r.get("seq")).toList();
            attempts.add(seqs);
            attemptTimes.add(System.nanoTime());
            if (failTransiently.get() > 0) {
                failTransiently.decrementAndGet();
                throw new Exception("target away");
            }
            if (refuse.test(rows)) {
                throw new IllegalArgumentException("refused");
            }
            succeeded.add(seqs);
            return 0;
        }

        @Override
        public boolean isTransient(Exception failure) {
            return !(failure instanceof IllegalArgumentException);
        }

        List<Integer> batchSizes() {
            return succeeded.stream().map(List::size).toList();
        }

        List<Long> written() {
            return succeeded.stream().flatMap(List::stream).toList();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
