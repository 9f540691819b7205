package io.wrenmq.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of bad handshakes gives one INFO line per interval, and the next line says how many were left out. */
class RateLimitedLogTest {
    @Test
    void oneLinePerIntervalWithTheCountLeftOut() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("test.ratelimited");
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
            RateLimitedLog log = new RateLimitedLog(logger, 200, clock::get);
            for (int i = 0; i < 49; i++) {
                log.info("handshake " + i + " failed");
            }
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("handshake 0 failed");
            clock.addAndGet(199_000_000L);
            log.info("handshake 49 failed");
            assertThat(appender.list).hasSize(1);
            clock.addAndGet(1_000_000L); // the 200 ms interval has passed
            log.info("handshake 50 failed");
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("handshake 0 failed", "handshake 50 failed (49 more like it not logged)");
        } finally {
            logger.detachAppender(appender);
        }
    }
}
