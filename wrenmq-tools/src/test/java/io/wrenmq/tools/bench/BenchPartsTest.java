package io.wrenmq.tools.bench;

import io.wrenmq.codec.TopicSyntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unit tests of the pieces: payload header, histogram, sequence tracking, delivery window, topics, durations. */
@Timeout(10)
class BenchPartsTest {

    @Test
    void payloadHeaderRoundTripsBigEndianAndLeavesIndexesAlone() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0xAA); // a payload slice need not start at 0
        PayloadHeader.write(buf, 0x0102030405060708L, 7, 0x1122334455667788L);
        buf.writeZero(40);
        buf.readByte();
        ByteBuf payload = buf.slice();
        assertThat(payload.readableBytes()).isEqualTo(64);
        assertThat(payload.getByte(0)).isEqualTo((byte) 0x01); // big-endian send time
        assertThat(PayloadHeader.sendTime(payload)).isEqualTo(0x0102030405060708L);
        assertThat(PayloadHeader.publisher(payload)).isEqualTo(7);
        assertThat(PayloadHeader.sequence(payload)).isEqualTo(0x1122334455667788L);
        assertThat(PayloadHeader.reserved(payload)).isZero();
        assertThat(PayloadHeader.fits(payload)).isTrue();
        assertThat(PayloadHeader.fits(payload.slice(0, 23))).isFalse();
        assertThat(payload.readerIndex()).isZero();
        buf.release();
    }

    @Test
    void histogramPercentilesAreWithinTwoPercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100_000; v++) {
            h.record(v * 1000L); // 1 us .. 100 ms, uniform
        }
        assertThat(h.count()).isEqualTo(100_000);
        assertThat(h.percentile(50)).isCloseTo(50_000_000L, within(1_000_000L));
        assertThat(h.percentile(99)).isCloseTo(99_000_000L, within(2_000_000L));
        assertThat(h.percentile(99.9)).isCloseTo(99_900_000L, within(2_000_000L));
        assertThat(h.max()).isEqualTo(100_000_000L);
        assertThat(h.percentile(100)).isEqualTo(100_000_000L);
        assertThat(new LatencyHistogram().percentile(99)).isZero();
        LatencyHistogram small = new LatencyHistogram();
        small.record(5);
        small.record(-3); // clock skew across processes: counted as 0
        assertThat(small.percentile(50)).isZero();
        assertThat(small.percentile(100)).isEqualTo(5);
    }

    @Test
    void histogramBucketsCoverEveryValueOnce() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >>> (1 + random.nextInt(40));
            int index = LatencyHistogram.index(v);
            long lo = LatencyHistogram.lowest(index);
            assertThat(v).isBetween(lo, lo + LatencyHistogram.width(index) - 1);
            assertThat(LatencyHistogram.width(index)).isLessThanOrEqualTo(Math.max(1, lo / 64));
        }
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(100);
        b.record(1_000_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.max()).isEqualTo(1_000_000);
    }

    @Test
    void sequenceTrackerCountsGapsAndDuplicates() {
        SequenceTracker t = new SequenceTracker(2, true);
        assertThat(t.record(0, 0)).isZero();
        assertThat(t.record(0, 1)).isZero();
        assertThat(t.record(0, 4)).isEqualTo(2); // 2 and 3 lost
        assertThat(t.record(0, 4)).isEqualTo(-1); // duplicate
        assertThat(t.record(1, 1)).isEqualTo(1); // from zero: 0 lost
        assertThat(t.record(5, 0)).isZero(); // grows
        assertThat(t.record(-1, 0)).isEqualTo(SequenceTracker.INVALID);
        assertThat(t.lost(0, 6)).isEqualTo(3); // 2, 3, 5
        assertThat(t.lost(1, 2)).isEqualTo(1);
        assertThat(t.totalUnique()).isEqualTo(5);
        SequenceTracker late = new SequenceTracker(1, false); // separate processes: from the first one seen
        late.record(0, 100);
        late.record(0, 101);
        late.record(0, 103);
        assertThat(late.gaps()).isEqualTo(1);
        assertThat(late.publishersSeen()).isEqualTo(1);
    }

    @Test
    void deliveryWindowOpensWhenEveryCopyIsDelivered() {
        AtomicInteger wakes = new AtomicInteger();
        DeliveryWindow w = new DeliveryWindow(4, 2, Runnable::run);
        w.wakeWith(wakes::incrementAndGet);
        for (long s = 0; s < 4; s++) {
            assertThat(w.hasRoom(s)).isTrue();
            w.onSend(s);
        }
        assertThat(w.hasRoom(4)).isFalse();
        assertThat(w.park(4)).isTrue();
        w.ack(0);
        assertThat(w.hasRoom(4)).isFalse(); // one of two copies
        w.ack(0);
        assertThat(wakes.get()).isEqualTo(1); // batch of size/4 = 1
        assertThat(w.hasRoom(4)).isTrue();
        w.onSend(4);
        w.ack(0); // stale: slot 0 now holds sequence 4
        w.ackRange(1, 3); // 1 and 2 skipped over (lost) at one subscriber
        w.ackRange(1, 3);
        assertThat(w.hasRoom(7)).isFalse(); // 3 and 4 open: 3 + 4 = 7 is beyond
        w.ack(3);
        w.ack(3);
        assertThat(w.hasRoom(7)).isTrue();
    }

    @Test
    void topicPatternsAndMatching() {
        assertThat(TopicPattern.expand("bench/%i/x", 12)).isEqualTo("bench/12/x");
        assertThat(TopicSyntax.matches("bench/#", "bench/3")).isTrue();
        assertThat(TopicSyntax.matches("bench/#", "bench")).isTrue();
        assertThat(TopicSyntax.matches("bench/+", "bench/3/x")).isFalse();
        assertThat(TopicSyntax.matches("+/3", "bench/3")).isTrue();
        assertThat(TopicSyntax.matches("bench/0", "bench/01")).isFalse();
        int[][] expected = Fanout.expectedPublishers(List.of("b/0", "b/1"), List.of("b/#", "b/1", "c/#"));
        assertThat(expected[0]).containsExactly(0, 1);
        assertThat(expected[1]).containsExactly(1);
        assertThat(expected[2]).isEmpty();
        assertThat(Fanout.fanout(2, expected)).containsExactly(1, 2);
    }

    @Test
    void durations() {
        assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationConverter.parse("forever")).isEqualTo(DurationConverter.FOREVER);
    }
}
