package io.wrenmq.server;

import io.wrenmq.broker.WrenBroker;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import io.wrenmq.server.webhook.Webhooks;

/**
 * The WebHooks as a part of the server. They listen to the engine's events from before it starts (the first
 * connection's events count), to each new engine that ctrl/restart makes, and a hot reload swaps the targets for the
 * file's new ones (queued events of the old targets are dropped).
 */
final class WebhookComponent implements ServerComponent {
    private final BrokerRuntime runtime;
    private final Webhooks webhooks = new Webhooks();

    WebhookComponent(BrokerRuntime runtime) {
        this.runtime = runtime;
        runtime.webhookMetrics(webhooks::metrics);
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void start() {
        webhooks.start(runtime.broker().events(), runtime.config().webhooks());
    }

    @Override
    public void engineReplaced(WrenBroker next, ServerConfig config) {
        webhooks.start(next.events(), config.webhooks());
    }

    @Override
    public void reload(ServerConfig fresh, ReloadReport report) {
        webhooks.replace(fresh.webhooks());
        report.applied("webhook");
    }

    @Override
    public void close() {
        webhooks.close();
    }
}
