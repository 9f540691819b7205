package io.wrenmq.tools.bench;

import io.wrenmq.client.MqttClient;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Connects many clients: at most {@code rate} new connections per second (0: no pacing) and at most
 * {@link #MAX_PENDING} CONNECTs waiting for their CONNACK at once, so that a burst of thousands does not
 * overflow the server's accept backlog. Records each client's connect time (TCP connect to CONNACK).
 */
final class Connector {
    static final int MAX_PENDING = 512;

    /** The outcome: {@code connectNanos[i]} is -1 for a client that failed. */
    record Result(int connected, int failed, String firstError, long[] connectNanos, long elapsedNanos) {
    }

    private Connector() {
    }

    static Result connectAll(List<MqttClient> clients, double rate, long deadlineNanos) throws InterruptedException {
        int n = clients.size();
        long[] times = new long[n];
        Arrays.fill(times, -1);
        Semaphore pending = new Semaphore(MAX_PENDING);
        CountDownLatch finished = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !pending.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            int index = i;
            long t0 = System.nanoTime();
            clients.get(i).connect().whenComplete((r, e) -> {
                times[index] = e == null ? System.nanoTime() - t0 : -1;
                if (e != null) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e.getMessage());
                }
                pending.release();
                finished.countDown();
            });
        }
        boolean all = finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        long elapsed = System.nanoTime() - start;
        int notDone = (int) finished.getCount();
        if (!all && firstError.get() == null) {
            firstError.set(notDone + " connections not established before the deadline");
        }
        return new Result(n - failed.get() - notDone, failed.get() + notDone, firstError.get(), times, elapsed);
    }
}
