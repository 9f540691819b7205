package io.wrenmq.server.bridge;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.SessionBacklog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The offline cache of bridges: what waits in each one's forward session {@code $bridge/<name>} (queued, and in
 * flight to the remote: those are sent again on the next link), read on the session's loop through
 * {@link WrenBroker#sessionBacklog}. A stopped bridge with a persistent session still has one; a bridge without a
 * session (no forwards, or the cache off and the bridge stopped) has none: zeros.
 */
public final class BridgeCaches {
    private static final SessionBacklog NONE = new SessionBacklog(0, 0, 0);

    private BridgeCaches() {
    }

    /** Each bridge's cache by bridge name, once every session has answered. */
    public static CompletableFuture<Map<String, SessionBacklog>> of(WrenBroker broker, List<BridgeView> views) {
        Map<String, CompletableFuture<SessionBacklog>> asked = new LinkedHashMap<>();
        views.forEach(v -> asked.put(v.name(), broker.sessionBacklog(v.config().sessionName())));
        return CompletableFuture.allOf(asked.values().toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<String, SessionBacklog> out = new LinkedHashMap<>();
            asked.forEach((name, f) -> {
                SessionBacklog b = f.join();
                out.put(name, b != null ? b : NONE);
            });
            return out;
        });
    }
}
