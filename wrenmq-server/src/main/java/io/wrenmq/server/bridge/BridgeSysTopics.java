package io.wrenmq.server.bridge;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.SessionBacklog;
import io.wrenmq.codec.TopicSyntax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The bridges' entries of each $SYS round ({@code SysTopicPublisher.addSource}), below
 * {@code $SYS/brokers/<node>/bridges/<name>/}: {@code state} (connected, connecting, stopped), {@code server},
 * {@code cache/depth|queued|inflight|dropped} and the counters {@code messages/sent|acked|refused|dropped|received},
 * {@code connects}, {@code connections_lost}. A bridge whose name cannot be a topic level (it holds + or #) is left
 * out.
 */
public final class BridgeSysTopics {
    private final Supplier<List<BridgeView>> views;

    /** @param views every configured bridge; may block briefly (it is called off the broker's loops) */
    public BridgeSysTopics(Supplier<List<BridgeView>> views) {
        this.views = views;
    }

    /**
     * The entries for {@code broker}'s round. The bridges are listed on a pool thread, not on the $SYS publisher's
     * event loop: listing waits for the bridges' lock, which a bridge that is starting holds while its session
     * attaches on one of those loops.
     */
    public CompletableFuture<Map<String, String>> entries(WrenBroker broker) {
        return CompletableFuture.supplyAsync(views).thenCompose(list -> BridgeCaches.of(broker, list)
                .thenApply(caches -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    list.forEach(v -> add(out, v, caches.get(v.name())));
                    return out;
                }));
    }

    private static void add(Map<String, String> out, BridgeView v, SessionBacklog cache) {
        String p = "bridges/" + v.name() + "/";
        if (TopicSyntax.invalidNameReason(p + "state") != null) {
            return;
        }
        BridgeStats s = v.stats();
        out.put(p + "state", v.state().name().toLowerCase(Locale.ROOT));
        out.put(p + "server", v.server() != null ? v.server() : "");
        out.put(p + "cache/depth", Integer.toString(cache.depth()));
        out.put(p + "cache/queued", Integer.toString(cache.queued()));
        out.put(p + "cache/inflight", Integer.toString(cache.inflight()));
        out.put(p + "cache/dropped", Long.toString(cache.droppedQueueFull()));
        out.put(p + "messages/sent", Long.toString(s.sent()));
        out.put(p + "messages/acked", Long.toString(s.acked()));
        out.put(p + "messages/refused", Long.toString(s.refused()));
        out.put(p + "messages/dropped", Long.toString(s.dropped()));
        out.put(p + "messages/received", Long.toString(s.received()));
        out.put(p + "connects", Long.toString(s.connects()));
        out.put(p + "connections_lost", Long.toString(s.connectionsLost()));
    }
}
