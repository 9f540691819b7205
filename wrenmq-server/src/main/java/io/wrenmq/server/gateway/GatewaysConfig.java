package io.wrenmq.server.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every configured gateway, in a stable order; {@link #NONE} without a {@code gateway} block. */
public record GatewaysConfig(List<GatewayConfig> gateways) {
    public static final GatewaysConfig NONE = new GatewaysConfig(List.of());

    public GatewaysConfig {
        gateways = List.copyOf(gateways);
    }

    /** These and {@code more}, in that order. */
    public GatewaysConfig with(List<GatewayConfig> more) {
        List<GatewayConfig> all = new ArrayList<>(gateways);
        all.addAll(more);
        return new GatewaysConfig(all);
    }

    public Optional<GatewayConfig> find(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
