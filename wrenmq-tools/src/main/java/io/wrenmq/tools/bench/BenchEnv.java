package io.wrenmq.tools.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.concurrent.EventExecutor;
import io.wrenmq.client.ClientTransport;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.MqttClientBuilder;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.codec.MqttVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The clients of one benchmark run on one shared event loop group (1 thread per core by default), the
 * {@link LoopStats} of each loop, and the tear-down: every client disconnected, the group shut down -
 * bounded in time whatever the broker does.
 */
final class BenchEnv implements AutoCloseable {
    private final EventLoopGroup group;
    private final Map<EventLoop, LoopStats> stats = new IdentityHashMap<>();
    private final List<LoopStats> loops = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();
    private final ConnectionOptions options;
    private final String idPrefix;
    private final QuicSslContext quic;

    BenchEnv(ConnectionOptions options, String mode) {
        this.options = options;
        this.quic = options.quicContext();
        this.group = ClientTransport.group(options.threads(), "wrenmq-bench");
        for (EventExecutor e : group) {
            LoopStats s = new LoopStats((EventLoop) e);
            stats.put((EventLoop) e, s);
            loops.add(s);
        }
        // Unique per run, so that a bench pub and a bench sub (or two runs) never take over each other's sessions.
        this.idPrefix = String.format("wb-%s-%d-%04x-", mode, ProcessHandle.current().pid(),
                ThreadLocalRandom.current().nextInt(0x10000));
    }

    List<LoopStats> loops() {
        return loops;
    }

    /** A new client on the group (not connected); {@code role} + index name it, e.g. "p3". */
    MqttClient client(String role, int index, Function<MqttClientBuilder, MqttClientBuilder> customize) {
        MqttClientBuilder b = MqttClient.builder()
                .host(options.host)
                .port(options.port)
                .version(options.mqttVersion())
                .clientId(idPrefix + role + index)
                .keepAlive(options.keepAlive)
                .connectTimeout(Duration.ofSeconds(10))
                .outboundTopicAliases(false)
                .eventLoopGroup(group);
        if (quic != null) {
            b.quic(quic, QuicOptions.DEFAULTS.withEarlyData(false));
        }
        MqttClient c = customize.apply(b).build();
        clients.add(c);
        return c;
    }

    LoopStats statsOf(MqttClient client) {
        return stats.get(client.eventLoop());
    }

    /** Runs {@code task} on every loop and waits (bounded) for all. */
    void onEveryLoop(Consumer<LoopStats> task) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (LoopStats s : loops) {
            done.add(CompletableFuture.runAsync(() -> task.accept(s), s.loop));
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the event loops did not answer within 10 s", e);
        }
    }

    /** Every loop's snapshot, summed. */
    LoopStats.Snapshot snapshot() {
        List<CompletableFuture<LoopStats.Snapshot>> parts = new ArrayList<>();
        for (LoopStats s : loops) {
            parts.add(CompletableFuture.supplyAsync(s::snapshot, s.loop));
        }
        LoopStats.Snapshot sum = LoopStats.Snapshot.zero();
        for (CompletableFuture<LoopStats.Snapshot> p : parts) {
            try {
                sum = sum.plus(p.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("an event loop did not answer within 10 s", e);
            }
        }
        return sum;
    }

    static MqttVersion version(String v) {
        switch (v) {
            case "5": case "5.0": return MqttVersion.V5;
            case "311": case "3.1.1": case "4": return MqttVersion.V3_1_1;
            default: throw new IllegalArgumentException("-V must be 311 or 5: " + v);
        }
    }

    /** Disconnects every client (in parallel, at most 5 s in all) and shuts the group down. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> bye = new ArrayList<>();
        for (MqttClient c : clients) {
            bye.add(c.disconnect());
        }
        try {
            CompletableFuture.allOf(bye.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway: the group's shutdown closes what is left
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
