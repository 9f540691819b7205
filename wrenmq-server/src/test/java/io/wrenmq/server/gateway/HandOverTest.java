package io.wrenmq.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import org.junit.jupiter.api.Test;

/** The overflow policy of the queue between a gateway's sides: a full queue drops the arriving message, counted. */
class HandOverTest {
    @Test
    void aFullQueueDropsTheArrivingMessageAndCountsIt() throws Exception {
        GatewayStats stats = new GatewayStats();
        HandOver<String> q = new HandOver<>(2, stats, Direction.FROM_MQTT);
        assertThat(q.offer("a")).isTrue();
        assertThat(q.offer("b")).isTrue();
        assertThat(q.offer("c")).isFalse();
        assertThat(q.depth()).isEqualTo(2);
        assertThat(stats.dropped(Direction.FROM_MQTT, DropReason.QUEUE_FULL)).isEqualTo(1);
        assertThat(stats.dropped(Direction.TO_MQTT, DropReason.QUEUE_FULL)).isZero();
        assertThat(q.poll(10)).isEqualTo("a"); // what was queued keeps its order
        assertThat(q.offer("d")).isTrue();
        q.discard();
        assertThat(q.depth()).isZero();
        assertThat(stats.dropped(Direction.FROM_MQTT, DropReason.STOPPED)).isEqualTo(2);
        assertThat(q.poll(10)).isNull();
    }
}
