package io.wrenmq.server.rule.action;

import io.wrenmq.server.outbound.OutboundHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The http action: rows sent to a URL with the WebHooks' client and request shape ({@link OutboundHttp}). One
 * request at a time per action, in order; without {@code batch} each row is its own batch of one. A failed request
 * (no connection, timeout, 408, 429, 5xx) is retried with backoff like a database write; another 4xx refuses the
 * rows (counted as failed, not retried).
 */
public final class HttpAction {
    private HttpAction() {
    }

    public static RuleAction create(HttpActionConfig config, BatchSettings settings) {
        return new BatchingAction(config.name(), config.batch() ? settings : settings.withBatchSize(1),
                new Writer(config));
    }

    /** A non-2xx answer. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }
    }

    private static final class Writer implements BatchWriter {
        private final HttpActionConfig config;
        private final BodyTemplate template;
        private final OutboundHttp http;

        Writer(HttpActionConfig config) {
            this.config = config;
            this.template = BodyTemplate.parse(config.body());
            this.http = new OutboundHttp("wrenmq-rule-http-" + config.name(), Duration.ofSeconds(5));
        }

        @Override
        public int write(List<Map<String, Object>> rows) throws Exception {
            String body;
            if (config.batch()) {
                StringJoiner array = new StringJoiner(",", "[", "]");
                rows.forEach(r -> array.add(template.render(r)));
                body = array.toString();
            } else {
                body = template.render(rows.get(0));
            }
            HttpResponse<Void> response = http.client().send(OutboundHttp.request(config.url(), config.method(),
                    config.headers(), config.timeout(), body), HttpResponse.BodyHandlers.discarding());
            if (!OutboundHttp.succeeded(response)) {
                throw new Refused(response.statusCode());
            }
            return 0;
        }

        @Override
        public boolean isTransient(Exception failure) {
            if (failure instanceof Refused r) {
                return r.status == 408 || r.status == 425 || r.status == 429 || r.status >= 500;
            }
            return failure instanceof IOException; // refused connection, reset, timeout
        }

        @Override
        public String describe(Exception failure) {
            return failure instanceof Refused ? failure.getMessage() : failure.toString();
        }

        @Override
        public void close() {
            http.close();
        }
    }
}
