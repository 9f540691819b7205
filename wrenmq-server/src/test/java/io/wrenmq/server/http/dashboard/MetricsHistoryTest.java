package io.wrenmq.server.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The history: rates from the counters' differences, a ring of an hour, and a timer only while in use. */
class MetricsHistoryTest {
    private final AtomicLong now = new AtomicLong(10_000_000);
    private final AtomicLong received = new AtomicLong();

    private MetricsHistory.Reading reading() {
        return new MetricsHistory.Reading(3, 4, 5, 6, received.get(), received.get() * 2, 7, 1024, 0.25);
    }

    @Test
    void eachTickAddsASampleWithRatesPerSecondSinceThePreviousOne() {
        try (MetricsHistory h = new MetricsHistory(this::reading, now::get)) {
            h.tick(); // the rates' baseline: gauges only
            assertThat(h.samples()).singleElement().satisfies(first -> {
                assertThat(first.connections()).isEqualTo(3);
                assertThat(first.receivedPerSecond()).isNaN();
            });
            received.addAndGet(100);
            now.addAndGet(10_000);
            h.tick();
            List<MetricsHistory.Sample> s = h.samples();
            assertThat(s).hasSize(2);
            assertThat(s.get(1).receivedPerSecond()).isEqualTo(10.0);
            assertThat(s.get(1).sentPerSecond()).isEqualTo(20.0);
            assertThat(s.get(1).droppedPerSecond()).isZero();
            assertThat(s.get(1).connections()).isEqualTo(3);
            assertThat(s.get(1).retained()).isEqualTo(6);
            assertThat(s.get(1).processCpu()).isEqualTo(0.25);
            assertThat(s.get(1).timeMillis()).isEqualTo(now.get());
        }
    }

    @Test
    void theRingKeepsTheLastHourOldestFirst() {
        try (MetricsHistory h = new MetricsHistory(this::reading, now::get)) {
            h.tick();
            for (int i = 0; i < MetricsHistory.CAPACITY + 40; i++) {
                now.addAndGet(MetricsHistory.INTERVAL.toMillis());
                h.tick();
            }
            List<MetricsHistory.Sample> s = h.samples();
            assertThat(s).hasSize(MetricsHistory.CAPACITY);
            assertThat(s.get(s.size() - 1).timeMillis()).isEqualTo(now.get());
            for (int i = 1; i < s.size(); i++) {
                assertThat(s.get(i).timeMillis() - s.get(i - 1).timeMillis()).isEqualTo(MetricsHistory.INTERVAL.toMillis());
            }
            // Samples older than an hour are not shown (after a pause, say).
            now.addAndGet(MetricsHistory.INTERVAL.toMillis() * 100);
            assertThat(h.samples()).hasSize(MetricsHistory.CAPACITY - 100);
        }
    }

    @Test
    void theTimerRunsOnlyFromTheFirstUseUntilAnHourWithoutOne() {
        try (MetricsHistory h = new MetricsHistory(this::reading, now::get)) {
            assertThat(h.running()).isFalse();
            h.touch();
            assertThat(h.running()).isTrue();
            now.addAndGet(MetricsHistory.IDLE_STOP.toMillis());
            h.tick();
            assertThat(h.running()).isTrue();
            now.addAndGet(1);
            h.tick();
            assertThat(h.running()).isFalse();
            h.touch();
            assertThat(h.running()).isTrue();
        }
    }
}
