package io.wrenmq.server.bridge;

/**
 * One configured bridge as the REST API, Prometheus and $SYS show it: its settings in force (the file's, or what the
 * REST API changed), where its link stands and its counters. The counters are the running bridge's own: they start at
 * 0 when the bridge is started again (switch, PUT, a reload that changed it, ctrl/restart); a stopped bridge shows 0.
 *
 * @param server              the server connected to or being tried; null before the first attempt and when stopped
 * @param nextAttemptAtMillis when the next connection attempt is due (epoch millis); 0 when none is waiting
 */
public record BridgeView(BridgeConfig config, MqttBridge.State state, String server, long nextAttemptAtMillis,
        BridgeStats stats) {

    /** A running bridge, as it stands now. */
    public static BridgeView of(MqttBridge bridge) {
        return new BridgeView(bridge.currentConfig(), bridge.state(), bridge.server(), bridge.nextAttemptAtMillis(),
                bridge.stats());
    }

    /** A bridge that is configured but not running (enable = false, or switched off). */
    public static BridgeView stopped(BridgeConfig config) {
        return new BridgeView(config, MqttBridge.State.STOPPED, null, 0, new BridgeStats());
    }

    public String name() {
        return config.name();
    }
}
