package io.wrenmq.server.http;

import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;

/** Every route of the API, in one place. */
final class ApiRoutes {
    private ApiRoutes() {
    }

    static Router build(BrokerRuntime runtime, ReloadService reload) {
        Router r = new Router();
        new BrokerEndpoints(runtime, r).register(r);
        new ClientEndpoints(runtime).register(r);
        new MqttEndpoints(runtime).register(r);
        new AdminEndpoints(runtime, reload).register(r);
        new BridgeEndpoints(runtime).register(r);
        new RuleEndpoints(runtime).register(r);
        new GatewayEndpoints(runtime).register(r);
        new PrometheusExporter(runtime).register(r);
        OpenApiDocument.register(r);
        return r;
    }
}
