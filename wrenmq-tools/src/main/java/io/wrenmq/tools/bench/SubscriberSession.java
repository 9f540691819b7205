package io.wrenmq.tools.bench;

import io.wrenmq.client.MqttClientBuilder;
import picocli.CommandLine.Option;

/**
 * {@code --session-expiry}: benchmark subscribers with persistent sessions, so that a broker with persistence
 * stores every QoS 1/2 message for them (the cost measured in docs/benchmarks.md, "Persistence").
 */
final class SubscriberSession {
    @Option(names = "--session-expiry", defaultValue = "0", paramLabel = "SECONDS",
            description = "Subscribers use persistent sessions that expire this long after they disconnect "
                    + "(MQTT 5 Session Expiry Interval; MQTT 3.1.1: Clean Session 0). 0 = clean sessions "
                    + "(default: ${DEFAULT-VALUE}).")
    long sessionExpiry;

    MqttClientBuilder apply(MqttClientBuilder b, boolean v5) {
        if (sessionExpiry <= 0) {
            return b;
        }
        // A fresh session each run (Clean Start 1 in v5); v3 can only say "persistent" with Clean Session 0.
        return v5 ? b.sessionExpiryInterval(Math.min(sessionExpiry, 0xFFFFFFFFL)) : b.cleanStart(false);
    }
}
