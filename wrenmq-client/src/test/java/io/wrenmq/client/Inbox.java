package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects what a client's callback receives, for a test thread to take in order with a bounded wait. */
final class Inbox<T> implements Consumer<T> {
    private final BlockingQueue<T> items = new LinkedBlockingQueue<>();

    @Override
    public void accept(T item) {
        items.add(item);
    }

    /** The next item (waits up to 10 s, fails the test otherwise). */
    T take() throws InterruptedException {
        T item = items.poll(10, TimeUnit.SECONDS);
        assertThat(item).as("an item within 10 s").isNotNull();
        return item;
    }

    /** Nothing more arrives within {@code millis}: a bounded negative check. */
    void expectNothing(long millis) throws InterruptedException {
        assertThat(items.poll(millis, TimeUnit.MILLISECONDS)).as("unexpected item").isNull();
    }

    int size() {
        return items.size();
    }
}
