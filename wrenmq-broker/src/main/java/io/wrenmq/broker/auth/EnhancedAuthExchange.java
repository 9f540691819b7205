package io.wrenmq.broker.auth;

import java.util.concurrent.CompletableFuture;

/**
 * The state of one enhanced authentication exchange. The broker calls {@link #step} with the Authentication
 * Data of the CONNECT, then with that of each AUTH packet the client sends, one call at a time, on the
 * client's event loop; an answer may complete later from any thread.
 */
public interface EnhancedAuthExchange {
    CompletableFuture<EnhancedAuthStep> step(byte[] clientData);
}
