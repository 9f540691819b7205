package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.server.webhook.WebhookConfig;
import io.wrenmq.server.webhook.WebhookMetrics;
import io.wrenmq.server.webhook.WebhookRule;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The WebHook targets for the dashboard ({@code GET /api/v4/dashboard/webhooks}): each configured target with its
 * events and, while it runs, the counters Prometheus shows (sent, failed, retried, dropped, queued). The headers are
 * left out (they often carry a token) and so is the URL's user-info part.
 */
final class WebhookStatus {
    private WebhookStatus() {
    }

    static ArrayNode json(List<WebhookConfig> targets, Map<String, WebhookMetrics> running) {
        ArrayNode a = Json.array();
        for (WebhookConfig c : targets) {
            ObjectNode o = a.addObject().put("name", c.name()).put("enable", c.enable()).put("url", withoutUserInfo(c.url()));
            ArrayNode events = o.putArray("events");
            for (WebhookRule r : c.rules()) {
                events.add(r.topic() == null ? r.event().hookName() : r.event().hookName() + " " + r.topic());
            }
            WebhookMetrics m = running.get(c.name());
            o.put("running", m != null);
            if (m != null) {
                o.put("sent", m.sent.sum()).put("failed", m.failed.sum()).put("retried", m.retried.sum())
                        .put("dropped", m.dropped.sum()).put("queued", m.queued.get());
            }
        }
        return a;
    }

    private static String withoutUserInfo(URI url) {
        if (url == null || url.getRawUserInfo() == null) {
            return url == null ? "" : url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "");
    }
}
