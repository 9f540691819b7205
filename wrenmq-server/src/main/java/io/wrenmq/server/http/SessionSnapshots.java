package io.wrenmq.server.http;

import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.session.ConnectionDetails;
import io.wrenmq.broker.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Consistent views of sessions for the API. A session's state belongs to its event loop, so each snapshot is
 * taken there (one task per session) and the API thread waits for the answers, bounded.
 */
final class SessionSnapshots {
    private static final long TIMEOUT_MS = 5000;

    /** One session as the API shows it; {@code connection} is null while the client is away. */
    record Snapshot(String clientId, String username, ConnectionDetails connection, long expiryInterval,
            long disconnectedAt, int subscriptions, int queued, int inflight, List<SubscriptionEntry<Session>> subs) {
        boolean connected() {
            return connection != null;
        }
    }

    private SessionSnapshots() {
    }

    static Snapshot of(Session s) {
        return all(List.of(s)).stream().findFirst().orElse(null);
    }

    static List<Snapshot> all(Collection<Session> sessions) {
        List<CompletableFuture<Snapshot>> futures = new ArrayList<>();
        for (Session s : sessions) {
            CompletableFuture<Snapshot> f = new CompletableFuture<>();
            try {
                s.execute(() -> f.complete(take(s)));
            } catch (RejectedExecutionException e) {
                f.complete(null); // the broker is stopping
            }
            futures.add(f);
        }
        List<Snapshot> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        for (CompletableFuture<Snapshot> f : futures) {
            try {
                Snapshot s = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (s != null) {
                    out.add(s);
                }
            } catch (Exception e) {
                throw new ApiException(503, ApiException.INTERNAL_ERROR, "the broker did not answer in time: " + e);
            }
        }
        return out;
    }

    private static Snapshot take(Session s) {
        return new Snapshot(s.clientId(), s.identity().username(), s.connectionDetails(), s.expiryIntervalSeconds(),
                s.lastDisconnectAtMillis(), s.subscriptionCount(), s.queuedCount(), s.inflightCount(), s.subscriptions());
    }

    /** Runs {@code action} on the session's loop and waits for its result. */
    static <T> T onLoop(Session s, Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        s.execute(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new ApiException(503, ApiException.INTERNAL_ERROR, "the broker did not answer in time: " + e);
        }
    }
}
