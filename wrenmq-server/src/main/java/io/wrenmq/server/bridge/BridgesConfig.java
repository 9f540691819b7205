package io.wrenmq.server.bridge;

import java.util.List;

/** Every configured bridge ({@code bridges.mqtt.<name>}, {@code bridges.aws.<name>}) and the shared cache settings. */
public record BridgesConfig(List<BridgeConfig> mqtt, BridgeCacheConfig cache) {
    public static final BridgesConfig NONE = new BridgesConfig(List.of(), BridgeCacheConfig.DEFAULT);

    public BridgesConfig {
        mqtt = List.copyOf(mqtt);
    }
}
