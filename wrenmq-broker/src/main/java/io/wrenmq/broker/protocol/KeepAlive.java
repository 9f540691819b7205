package io.wrenmq.broker.protocol;

import io.netty.util.concurrent.ScheduledFuture;
import io.wrenmq.codec.ReasonCode;
import java.util.concurrent.TimeUnit;

/**
 * Keep alive [MQTT-3.1.2-22]: closes a connection that sent nothing for {@code mqtt.keepalive_multiplier} (1.5) times
 * its keep alive, with 0x8D Keep Alive timeout. A client whose reading the broker paused (a slow subscriber) is not
 * idle: it may well be sending. One timer per connection, rescheduled for the time still left at each check rather
 * than at each packet. Used on the connection's event loop.
 */
final class KeepAlive {
    private final MqttConnection c;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;

    KeepAlive(MqttConnection c, int keepAliveSeconds, double multiplier) {
        this.c = c;
        this.timeoutNanos = (long) (keepAliveSeconds * 1_000_000_000L * multiplier);
    }

    void start() {
        schedule(timeoutNanos);
    }

    void stop() {
        MqttConnection.cancel(timer);
    }

    private void schedule(long delayNanos) {
        timer = c.channel().eventLoop().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        long idle = c.readGate().isPausedForSubscriber() ? 0 : System.nanoTime() - c.lastReadNanos();
        if (idle >= timeoutNanos) {
            c.close(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout: nothing received for "
                    + TimeUnit.NANOSECONDS.toMillis(idle) + " ms");
        } else {
            schedule(timeoutNanos - idle);
        }
    }
}
