package io.wrenmq.server.gateway.zmq;

import io.wrenmq.server.gateway.Gateway;
import io.wrenmq.server.gateway.GatewayStats;
import io.wrenmq.server.gateway.GatewayStats.Direction;
import io.wrenmq.server.gateway.GatewayStats.DropReason;
import io.wrenmq.server.gateway.GatewayView;
import io.wrenmq.server.gateway.HandOver;
import io.wrenmq.server.gateway.MqttSide;
import io.wrenmq.server.gateway.ToMqtt;
import io.wrenmq.server.outbound.LogThrottle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZeroMQ gateway, with NanoMQ's semantics (nanomq_cli/zmq_gateway.c):
 * <ul>
 * <li>ZeroMQ to MQTT: a SUB socket connects to {@code sub_address} and subscribes {@code sub_pre} (ZeroMQ's prefix
 * match on the first frame; "" = everything). Each message is published at QoS 0 to {@code gateway.mqtt.forward}
 * with its bytes as they came: the prefix is NOT stripped (NanoMQ publishes the frame whole). NanoMQ publishes every
 * frame of a multipart message as its own MQTT message; so do we, except a first frame that is exactly
 * {@code sub_pre} (the envelope, as the MQTT-to-ZeroMQ direction sends it), which carries no data.</li>
 * <li>MQTT to ZeroMQ: the MQTT side subscribes {@code gateway.mqtt.sub_topic} at QoS 0; each message goes out of a
 * PUB socket connected to {@code pub_address} as two frames, {@code pub_pre} then the payload (NanoMQ sends the
 * prefix with ZMQ_SNDMORE), or as one frame, the payload, when {@code pub_pre} is "".</li>
 * </ul>
 * Both sockets connect (NanoMQ's do too): the ZeroMQ peer binds, typically an XPUB/XSUB proxy. JeroMQ sockets are
 * not thread-safe, so each has one thread: {@code wrenmq-gw-<name>-in} reads the SUB socket and publishes, at most
 * {@code parallel} publishes in flight (beyond, it waits, and ZeroMQ's receive high-water mark of 1,000 messages
 * drops what the peer sends meanwhile, as ZeroMQ does for every slow subscriber); {@code wrenmq-gw-<name>-out} takes
 * MQTT messages from a bounded {@link HandOver} queue ({@code queue_size}; full: the arriving message is dropped and
 * counted) and sends them.
 */
public final class ZmqGateway implements Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(ZmqGateway.class);
    /** How often the socket threads look whether the gateway is stopping. */
    private static final int POLL_MILLIS = 100;
    /**
     * The largest ZeroMQ message frame the SUB socket takes: an MQTT payload cannot be larger (268,435,455 bytes of
     * remaining length). ZeroMQ closes the connection of a peer that sends more, so a hostile or broken peer cannot
     * make the gateway allocate without bound.
     */
    private static final long MAX_FRAME = 268_435_455;

    private final ZmqGatewayConfig config;
    private final MqttSide mqtt;
    private final GatewayStats stats = new GatewayStats();
    private final ToMqtt toMqtt;
    private final HandOver<byte[]> outbound;
    private final Semaphore inFlight;
    private final byte[] subPrefix;
    private final byte[] pubPrefix;
    private final LogThrottle sendFailures = new LogThrottle(10_000);
    private ZContext context;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public ZmqGateway(ZmqGatewayConfig config, MqttSide mqtt) {
        this.config = config;
        this.mqtt = mqtt;
        this.outbound = new HandOver<>(config.queueSize(), stats, Direction.FROM_MQTT);
        this.inFlight = new Semaphore(config.mqtt().parallel());
        this.toMqtt = new ToMqtt(config.name(), mqtt, stats);
        this.subPrefix = config.subPrefix().getBytes(StandardCharsets.UTF_8);
        this.pubPrefix = config.pubPrefix().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ZmqGatewayConfig config() {
        return config;
    }

    @Override
    public synchronized void start() throws Exception {
        context = new ZContext();
        context.setLinger(0); // a stopping gateway does not wait for a peer that is gone
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.setReceiveTimeOut(POLL_MILLIS);
        sub.setMaxMsgSize(MAX_FRAME);
        sub.connect(config.subAddress());
        sub.subscribe(subPrefix);
        ZMQ.Socket pub = context.createSocket(SocketType.PUB);
        pub.connect(config.pubAddress());
        running = true;
        threads.add(thread("in", () -> receiveLoop(sub)));
        threads.add(thread("out", () -> sendLoop(pub)));
        // The sockets now belong to their threads (Thread.start publishes them); then the MQTT side may deliver.
        mqtt.start(Map.of(config.mqtt().subTopic(), 0), this::fromMqtt).get(10, TimeUnit.SECONDS);
        LOG.info("Gateway {}: ZeroMQ SUB {} (prefix \"{}\") -> MQTT {}; MQTT {} -> ZeroMQ PUB {} (prefix \"{}\"), MQTT side {}",
                config.name(), config.subAddress(), config.subPrefix(), config.mqtt().forward(),
                config.mqtt().subTopic(), config.pubAddress(), config.pubPrefix(), mqtt.describe());
    }

    private Thread thread(String role, Runnable loop) {
        Thread t = new Thread(loop, "wrenmq-gw-" + config.name() + "-" + role);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** On the MQTT side's thread (a broker event loop): never blocks. */
    private void fromMqtt(String topic, byte[] payload) {
        stats.countReceived(Direction.FROM_MQTT);
        if (running) {
            outbound.offer(payload);
        } else {
            stats.countDropped(Direction.FROM_MQTT, DropReason.STOPPED);
        }
    }

    private void sendLoop(ZMQ.Socket pub) {
        try {
            while (running) {
                byte[] payload = outbound.poll(POLL_MILLIS);
                if (payload != null) {
                    send(pub, payload);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.destroySocket(pub);
        }
    }

    private void send(ZMQ.Socket pub, byte[] payload) {
        try {
            boolean sent = pubPrefix.length == 0 ? pub.send(payload, 0) : pub.sendMore(pubPrefix) && pub.send(payload, 0);
            if (sent) {
                stats.countForwarded(Direction.FROM_MQTT);
                return;
            }
            stats.countDropped(Direction.FROM_MQTT, DropReason.REFUSED);
        } catch (ZMQException e) {
            stats.countDropped(Direction.FROM_MQTT, DropReason.REFUSED);
            if (sendFailures.due()) {
                LOG.warn("Gateway {}: a send on ZeroMQ {} failed: {}", config.name(), config.pubAddress(), e.getMessage());
            }
        }
    }

    private void receiveLoop(ZMQ.Socket sub) {
        try {
            while (running) {
                byte[] first = sub.recv(0);
                if (first != null) {
                    List<byte[]> frames = new ArrayList<>(List.of(first));
                    while (sub.hasReceiveMore()) {
                        frames.add(sub.recv(0));
                    }
                    publishFrames(frames);
                }
            }
        } catch (ZMQException e) {
            if (running) {
                LOG.warn("Gateway {}: ZeroMQ SUB {} failed: {}", config.name(), config.subAddress(), e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.destroySocket(sub);
        }
    }

    private void publishFrames(List<byte[]> frames) throws InterruptedException {
        stats.countReceived(Direction.TO_MQTT);
        boolean envelope = frames.size() > 1 && subPrefix.length > 0 && Arrays.equals(frames.get(0), subPrefix);
        for (byte[] payload : envelope ? frames.subList(1, frames.size()) : frames) {
            if (!mqtt.isUp()) {
                stats.countDropped(Direction.TO_MQTT, DropReason.MQTT_UNAVAILABLE);
                continue;
            }
            while (!inFlight.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    stats.countDropped(Direction.TO_MQTT, DropReason.STOPPED);
                    return;
                }
            }
            toMqtt.publish(config.mqtt().forward(), payload, 0, inFlight::release);
        }
    }

    @Override
    public GatewayView view() {
        return new GatewayView(config, running, mqtt.describe(), mqtt.isUp(), stats,
                Map.of(Direction.FROM_MQTT, outbound.depth(), Direction.TO_MQTT,
                        config.mqtt().parallel() - inFlight.availablePermits()));
    }

    @Override
    public synchronized void close() {
        running = false;
        mqtt.close();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        outbound.discard();
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
