package io.wrenmq.server.webhook;

import io.wrenmq.server.outbound.LogThrottle;
import io.wrenmq.server.outbound.OutboundHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebHook receiver: a bounded queue filled by {@link #offer} (never blocks: a full queue drops the event and
 * counts it), one sender thread that takes events as long as fewer than {@code pool_size} requests are in flight,
 * and asynchronous POSTs with retries and exponential backoff. A request holds its pool slot until it succeeded or
 * gave up, so a dead receiver fills the pool, then the queue, then events are dropped: memory stays bounded.
 */
final class WebhookTarget {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookTarget.class);

    private final WebhookConfig config;
    private final HttpClient http;
    private final ScheduledExecutorService retries;
    private final ArrayBlockingQueue<Pending> queue;
    private final Semaphore inFlight;
    private final WebhookMetrics metrics = new WebhookMetrics();
    private final Thread sender;
    private volatile boolean running = true;
    private final LogThrottle dropLog = new LogThrottle(10_000);
    private final LogThrottle failLog = new LogThrottle(10_000);

    WebhookTarget(WebhookConfig config, HttpClient http, ScheduledExecutorService retries) {
        this.config = config;
        this.http = http;
        this.retries = retries;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.inFlight = new Semaphore(config.poolSize());
        this.sender = new Thread(this::sendLoop, "wrenmq-webhook-" + config.name());
        sender.setDaemon(true);
    }

    WebhookConfig config() {
        return config;
    }

    WebhookMetrics metrics() {
        return metrics;
    }

    void start() {
        sender.start();
    }

    /** Called on an event loop: enqueue or drop, never wait. */
    void offer(Pending p) {
        if (queue.offer(p)) {
            metrics.queued.incrementAndGet();
            return;
        }
        metrics.dropped.increment();
        if (dropLog.due()) {
            LOG.warn("WebHook {} ({}): queue full ({} events), dropping {} events (dropped so far: {}); the receiver is"
                    + " slow or down", config.name(), config.url(), config.queueSize(), p.event().type().hookName(),
                    metrics.dropped.sum());
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                inFlight.acquire();
                Pending p = queue.poll(200, TimeUnit.MILLISECONDS);
                if (p == null) {
                    inFlight.release();
                    continue;
                }
                metrics.queued.decrementAndGet();
                send(WebhookBodies.body(p, config.encoding()), p, 0);
            } catch (InterruptedException e) {
                return; // stop()
            } catch (RuntimeException e) {
                inFlight.release();
                LOG.warn("WebHook {}: could not build a request: {}", config.name(), e.toString());
            }
        }
    }

    private void send(String body, Pending p, int attempt) {
        if (!running) {
            inFlight.release();
            return;
        }
        HttpRequest request = OutboundHttp.request(config.url(), "POST", config.headers(), config.cancelTimeout(), body);
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && OutboundHttp.succeeded(response)) {
                metrics.sent.increment();
                inFlight.release();
                return;
            }
            String why = OutboundHttp.failure(response, error);
            if (attempt < config.maxRetries() && running) {
                metrics.retried.increment();
                long delay = config.backoff(attempt + 1).toMillis();
                LOG.debug("WebHook {}: {} failed ({}), retry {} in {} ms", config.name(), p.event().type().hookName(),
                        why, attempt + 1, delay);
                try {
                    retries.schedule(() -> send(body, p, attempt + 1), delay, TimeUnit.MILLISECONDS);
                    return;
                } catch (RejectedExecutionException stopped) {
                    // stopping: fall through and give up
                }
            }
            metrics.failed.increment();
            inFlight.release();
            if (failLog.due()) {
                LOG.warn("WebHook {} ({}): {} not delivered after {} attempts: {} (failed so far: {})", config.name(),
                        config.url(), p.event().type().hookName(), attempt + 1, why, metrics.failed.sum());
            }
        });
    }

    void stop() {
        running = false;
        sender.interrupt();
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
