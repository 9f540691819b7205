package io.wrenmq.server.webhook;

import io.wrenmq.server.outbound.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One WebHook target: NanoMQ's {@code webhook { ... }} block (named {@code default}) or a named one,
 * {@code webhook.<name> { ... }}. Defaults come from the schema rows (ConfigSchema / WebhookKeys).
 *
 * @param headers        extra request headers (Content-Type is always application/json)
 * @param poolSize       requests in flight at once (NanoMQ's pool_size)
 * @param queueSize      events waiting to be sent; a full queue drops the new event and counts it
 * @param maxRetries     retries of a failed request (5xx, other non-2xx, timeout, refused) before it counts as failed
 * @param retryInterval  the first retry's delay; each further one doubles, up to maxRetryInterval
 * @param cancelTimeout  the longest a request (and its connection) may take (NanoMQ master's cancel_timeout)
 */
public record WebhookConfig(String name, boolean enable, URI url, Map<String, String> headers,
        PayloadEncoding encoding, int poolSize, List<WebhookRule> rules, int queueSize, int maxRetries,
        Duration retryInterval, Duration maxRetryInterval, Duration cancelTimeout) {

    public WebhookConfig {
        headers = Map.copyOf(headers);
        rules = List.copyOf(rules);
    }

    /** The delay before retry number {@code retry} (1-based): retryInterval x 2^(retry-1), capped. */
    public Duration backoff(int retry) {
        return new Backoff(retryInterval, maxRetryInterval, 0).delay(retry);
    }
}
