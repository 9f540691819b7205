package io.wrenmq.server.cli;

import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.ReloadReport;
import io.wrenmq.server.reload.Reloadable;
import io.wrenmq.server.webhook.Webhooks;

/** A hot reload swaps the WebHook targets for the file's new ones (queued events of the old targets are dropped). */
final class WebhookReload implements Reloadable {
    private final Webhooks webhooks;

    WebhookReload(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void reload(ServerConfig fresh, ReloadReport report) {
        webhooks.replace(fresh.webhooks());
        report.applied("webhook");
    }
}
