package io.wrenmq.server.gateway.nngbridge;

import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.gateway.Gateway;
import io.wrenmq.server.gateway.GatewayStats;
import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import io.wrenmq.server.gateway.GatewayView;
import io.wrenmq.server.gateway.MqttSide;
import io.wrenmq.server.gateway.ToMqtt;
import io.wrenmq.server.outbound.LogThrottle;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NNG gateway: one SP socket (PUB0, SUB0 or PAIR) and an MQTT side, with NanoMQ's NNG bridge framing
 * ({@link NngFraming}). MQTT to NNG: the MQTT side subscribes every {@code forwards[].local_topic} at its QoS; a message
 * goes out framed by the first entry whose filter matches its topic. NNG to MQTT: each message is mapped by the
 * {@code subscription} entries and published at the entry's QoS.
 *
 * <p>Neither direction has a thread or a queue of its own: the socket sends without blocking (each peer has a bounded
 * send buffer in the socket; a message no peer takes is dropped and counted {@code no_peer}) and receives on its event
 * loop, where the gateway publishes into MQTT at most {@code queue_size} messages in flight (beyond, it drops and
 * counts {@code queue_full}); a message no subscription entry maps is counted {@code refused} and logged (at most
 * once per 10 s).
 */
public final class NngGateway implements Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(NngGateway.class);

    /** The gateway's view of its SP socket (the NNG wire's NngSocket; a test's fake). */
    public interface Socket extends AutoCloseable {
        /** Sends without blocking; whether at least one peer took it. */
        boolean send(byte[] message);

        /** Connected peers now. */
        int peers();

        @Override
        void close();
    }

    /** Opens the socket for a configuration, delivering each received message (its own copy) to {@code onMessage}. */
    @FunctionalInterface
    public interface SocketOpener {
        Socket open(NngGatewayConfig config, Consumer<byte[]> onMessage) throws IOException;
    }

    private final NngGatewayConfig config;
    private final MqttSide mqtt;
    private final SocketOpener opener;
    private final GatewayStats stats = new GatewayStats();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ToMqtt toMqtt;
    private final LogThrottle refusals = new LogThrottle(10_000);
    private volatile Socket socket;
    private volatile boolean running;

    public NngGateway(NngGatewayConfig config, MqttSide mqtt, SocketOpener opener) {
        this.config = config;
        this.mqtt = mqtt;
        this.opener = opener;
        this.toMqtt = new ToMqtt(config.name(), mqtt, stats);
    }

    @Override
    public NngGatewayConfig config() {
        return config;
    }

    @Override
    public synchronized void start() throws Exception {
        running = true;
        socket = opener.open(config, this::fromNng);
        Map<String, Integer> filters = new LinkedHashMap<>();
        config.forwards().forEach(f -> filters.merge(f.localTopic(), f.qos(), Math::max));
        mqtt.start(filters, this::fromMqtt).get(10, TimeUnit.SECONDS);
        LOG.info("Gateway {}: NNG {} {} {} ({} forwards, {} subscription entries), MQTT side {}", config.name(),
                config.settings().get("protocol"), config.dial() ? "dialing" : "listening on", config.url(),
                config.forwards().size(), config.subscription().size(), mqtt.describe());
    }

    /** On the MQTT side's thread: frames and sends without blocking. */
    private void fromMqtt(String topic, byte[] payload) {
        stats.countReceived(Direction.FROM_MQTT);
        Socket s = socket;
        NngRoute forward = config.forwards().stream().filter(f -> TopicSyntax.matches(f.localTopic(), topic))
                .findFirst().orElse(null);
        if (!running || s == null || forward == null) {
            stats.countDropped(Direction.FROM_MQTT, DropReason.STOPPED);
            return;
        }
        if (s.send(NngFraming.toNng(forward, topic, payload))) {
            stats.countForwarded(Direction.FROM_MQTT);
        } else {
            stats.countDropped(Direction.FROM_MQTT, DropReason.NO_PEER);
        }
    }

    /** On the socket's event loop: maps and publishes without blocking. */
    private void fromNng(byte[] message) {
        stats.countReceived(Direction.TO_MQTT);
        NngFraming.Inbound in = NngFraming.fromNng(config.subscription(), message);
        if (in.refusal() != null) {
            stats.countDropped(Direction.TO_MQTT, DropReason.REFUSED);
            if (refusals.due()) {
                LOG.warn("Gateway {}: an NNG message of {} bytes was not published: {}", config.name(), message.length,
                        in.refusal());
            }
            return;
        }
        if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            stats.countDropped(Direction.TO_MQTT, DropReason.QUEUE_FULL);
            return;
        }
        toMqtt.publish(in.topic(), in.payload(), in.qos(), inFlight::decrementAndGet);
    }

    @Override
    public GatewayView view() {
        return new GatewayView(config, running, mqtt.describe(), mqtt.isUp(), stats,
                Map.of(Direction.TO_MQTT, inFlight.get(), Direction.FROM_MQTT, 0));
    }

    /** Peers connected to the gateway's socket now. */
    public int peers() {
        Socket s = socket;
        return s == null ? 0 : s.peers();
    }

    @Override
    public synchronized void close() {
        running = false;
        mqtt.close();
        Socket s = socket;
        if (s != null) {
            s.close();
            socket = null;
        }
    }
}
