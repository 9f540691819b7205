package io.wrenmq.server.gateway;

import java.util.List;

/**
 * What the REST API and Prometheus do with the gateways: list them and switch one on or off at run time (not
 * written to the file: a reload or restart brings back the file's {@code enable}).
 */
public interface GatewayOperations {
    GatewayOperations NONE = new GatewayOperations() {
        @Override
        public List<GatewayView> list() {
            return List.of();
        }

        @Override
        public GatewayView get(String name) {
            return null;
        }

        @Override
        public GatewayView switchTo(String name, boolean on) {
            return null;
        }
    };

    /** Every configured gateway, running or not, in configuration order. */
    List<GatewayView> list();

    /** One gateway, or null when none has that name. */
    GatewayView get(String name);

    /** Starts or stops it; null when none has that name. A start that fails throws IllegalStateException. */
    GatewayView switchTo(String name, boolean on);
}
