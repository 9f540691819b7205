package io.wrenmq.server.gateway;

import java.util.List;
import java.util.Optional;

/** Every configured gateway, in a stable order; {@link #NONE} without a {@code gateway} block. */
public record GatewaysConfig(List<GatewayConfig> gateways) {
    public static final GatewaysConfig NONE = new GatewaysConfig(List.of());

    public GatewaysConfig {
        gateways = List.copyOf(gateways);
    }

    public Optional<GatewayConfig> find(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
