package io.wrenmq.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a leaked reference-counted object. Registered for every test of the
 * module through {@code META-INF/services/org.junit.jupiter.api.extension.Extension} with
 * {@code junit.jupiter.extensions.autodetection.enabled=true}; run with
 * {@code -Dio.netty.leakDetection.level=paranoid} so every buffer is tracked.
 *
 * <p>How: before Netty creates its leak detectors (they are static fields, e.g. in AbstractByteBuf) we install
 * a {@link ResourceLeakDetectorFactory} whose detectors record every report. Netty only notices a leak when
 * the garbage collector has enqueued the lost buffer and a later allocation polls the queue, so after each
 * test we run the GC and allocate a little ({@link #flush}). A leak noticed late may be charged to the next
 * test; the message says so. Copy this class as is into other modules' test trees. Note that Netty 4.2
 * does not leak-track unpooled heap buffers at all: allocate from a pooled or direct allocator in tests.
 */
public final class LeakDetectionExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean BYTEBUF_DETECTOR_OURS = new AtomicBoolean();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    /** Triggers class initialisation, which installs the factory; call before touching Netty if unsure. */
    public static void install() {
        // the static initialiser did the work
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!BYTEBUF_DETECTOR_OURS.get()) {
            // Allocating initialises AbstractByteBuf and with it the ByteBuf leak detector.
            UnpooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            if (!BYTEBUF_DETECTOR_OURS.get()) {
                throw new IllegalStateException("Netty's ByteBuf leak detector was created before "
                        + "LeakDetectionExtension was installed; leaks would go unnoticed");
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        flush();
        failOnLeaks(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        flush(3);
        failOnLeaks(context);
    }

    private static void failOnLeaks(ExtensionContext context) {
        List<String> leaks = drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leak(s) during or before "
                    + context.getDisplayName() + " (a late report may come from an earlier test):\n"
                    + String.join("\n\n", leaks));
        }
    }

    /** Runs the GC and allocates, so that Netty polls its reference queues and reports lost objects. */
    public static void flush() {
        flush(1);
    }

    /** {@link #flush()} with several GC rounds, for the end of a class (catches slow reference processing). */
    public static void flush(int rounds) {
        for (int i = 0; i < rounds; i++) {
            System.gc();
            if (i > 0) {
                try {
                    Thread.sleep(2); // let the Reference Handler thread enqueue what the GC found
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            // Each tracked allocation first polls the queue and reports (paranoid level tracks all). It must be
            // a direct buffer: Netty 4.2 does not track unpooled heap buffers, so they would poll nothing.
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
    }

    /** Returns and forgets the leaks reported so far. */
    public static List<String> drain() {
        List<String> out = new ArrayList<>();
        String s;
        while ((s = LEAKS.poll()) != null) {
            out.add(s);
        }
        return out;
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            if (ByteBuf.class.isAssignableFrom(resource)) {
                BYTEBUF_DETECTOR_OURS.set(true);
            }
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true; // report even when the logger is quiet
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + " (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
