package io.wrenmq.server.http;

import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;
import java.util.List;

/** Every route of the API, in one place. */
final class ApiRoutes {
    private ApiRoutes() {
    }

    /** @param dashboard whether the dashboard is on (its endpoints then join the OpenAPI document) */
    static Router build(BrokerRuntime runtime, ReloadService reload, boolean dashboard) {
        Router r = new Router();
        new BrokerEndpoints(runtime, r).register(r);
        new ClientEndpoints(runtime).register(r);
        new MqttEndpoints(runtime).register(r);
        new AdminEndpoints(runtime, reload).register(r);
        new BridgeEndpoints(runtime).register(r);
        new RuleEndpoints(runtime).register(r);
        new PrometheusExporter(runtime).register(r);
        OpenApiDocument.register(r, dashboard ? DashboardEndpoints.ENDPOINTS : List.of());
        return r;
    }
}
