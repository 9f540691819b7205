package io.wrenmq.server.rule;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that ONE thread increments (the rule engine's worker) and any thread reads. Cheaper than a LongAdder on
 * the path a rule takes for every message (two counts per rule and message): a plain increment published with a
 * release store, no atomic read-modify-write and no fence that waits for the store buffer.
 */
final class WorkerCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(WorkerCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // read and written through VALUE
    private long value;

    /** From the owning thread only. */
    void increment() {
        VALUE.setRelease(this, (long) VALUE.get(this) + 1);
    }

    /** From any thread: a value the owner wrote (it may be a few increments behind). */
    long sum() {
        return (long) VALUE.getAcquire(this);
    }
}
