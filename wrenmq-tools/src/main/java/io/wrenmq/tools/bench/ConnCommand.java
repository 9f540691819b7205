package io.wrenmq.tools.bench;

import io.wrenmq.client.MqttClient;
import io.wrenmq.tools.ExitCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq bench conn`: opens N connections at --conn-rate per second, says when all are up, holds them,
 * disconnects; reports connect times (TCP connect to CONNACK) and failures. One process holds only the
 * client sockets, so 10,000 connections need about 10,000 file descriptors.
 */
@Command(name = "conn", description = {"Opens N connections at a given rate, holds them, disconnects; "
        + "connect time p50/p99 and failures.", "",
        "Example: wrenmq bench conn -c 10000 --conn-rate 2000 --hold 30s"})
final class ConnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions conn;

    @Option(names = {"-c", "--clients"}, defaultValue = "1000", paramLabel = "N",
            description = "Connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--conn-rate", defaultValue = "1000", paramLabel = "PER_S",
            description = "New connections per second, 0 = as fast as possible (at most "
                    + Connector.MAX_PENDING + " waiting for CONNACK at once; default: ${DEFAULT-VALUE}).")
    double connRate;

    @Option(names = {"--hold", "-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long to hold the connections, or 'forever' "
                    + "(until killed) (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Override
    public Integer call() throws Exception {
        conn.validate(spec);
        if (clients < 1 || clients > 1_000_000) {
            throw new ParameterException(spec.commandLine(), "-c/--clients must be 1..1000000: " + clients);
        }
        if (connRate < 0 || Double.isNaN(connRate)) {
            throw new ParameterException(spec.commandLine(), "--conn-rate must be 0 or positive: " + connRate);
        }
        Runnable restoreLogs = BenchSupport.quietLogs(conn.json);
        try (BenchEnv env = new BenchEnv(conn, "c")) {
            return run(env);
        } finally {
            restoreLogs.run();
        }
    }

    private int run(BenchEnv env) throws InterruptedException {
        List<MqttClient> list = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            MqttClient c = env.client("c", i, b -> b);
            LoopStats stats = env.statsOf(c);
            c.onConnectionLost(e -> stats.errors++);
            list.add(c);
        }
        conn.note(spec, String.format(Locale.ROOT, "connecting %d clients to %s:%d%s", clients, conn.host, conn.port,
                connRate > 0 ? String.format(Locale.ROOT, " at %.0f/s", connRate) : ""));
        long deadline = System.nanoTime() + (long) ((connRate > 0 ? clients / connRate : 0) * 1e9) + 60_000_000_000L;
        Connector.Result r = Connector.connectAll(list, connRate, deadline);
        double upSeconds = r.elapsedNanos() / 1e9;
        if (r.failed() == 0) {
            conn.note(spec, String.format(Locale.ROOT, "all %d connections up in %.2f s; holding them for %s",
                    r.connected(), upSeconds, hold.equals(DurationConverter.FOREVER) ? "ever (until killed)"
                            : hold.toMillis() / 1000.0 + " s"));
        } else {
            BenchSupport.fail(spec.commandLine().getErr(), r.failed() + " of " + clients + " connections to "
                    + conn.host + ":" + conn.port + " failed: " + r.firstError());
        }
        long holdStart = System.nanoTime();
        if (r.connected() > 0) {
            long end = holdStart + hold.toNanos();
            long wait;
            while ((wait = end - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000_000L));
            }
        }
        double heldSeconds = (System.nanoTime() - holdStart) / 1e9;
        long errors = env.snapshot().errors();
        long[] times = Arrays.stream(r.connectNanos()).filter(t -> t >= 0).sorted().toArray();
        Json connectMs = new Json()
                .put("p50", millis(times, 50))
                .put("p99", millis(times, 99))
                .put("max", times.length == 0 ? 0.0 : times[times.length - 1] / 1e6);
        Json j = new Json()
                .put("mode", "conn")
                .put("clients", clients)
                .put("connected", r.connected())
                .put("failed", r.failed())
                .put("connect_s", upSeconds)
                .put("conn_per_s", upSeconds > 0 ? r.connected() / upSeconds : 0.0)
                .put("connect_ms", connectMs)
                .put("duration_s", heldSeconds)
                .put("errors", errors)
                .put("version", conn.version);
        print(j);
        return r.failed() > 0 ? ExitCodes.RUNTIME : ExitCodes.OK;
    }

    private void print(Json j) {
        var out = spec.commandLine().getOut();
        if (conn.json) {
            out.println(j);
        } else {
            Json ms = (Json) j.get("connect_ms");
            out.printf(Locale.ROOT, "conn: %d clients, %d connected, %d failed in %.2f s (%.1f conn/s), MQTT %s%n",
                    clients, j.get("connected"), j.get("failed"), j.get("connect_s"), j.get("conn_per_s"),
                    conn.version);
            out.printf(Locale.ROOT, "connect time p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms.get("p50"),
                    ms.get("p99"), ms.get("max"));
            out.printf(Locale.ROOT, "held %.1f s, connections lost meanwhile: %d%n", j.get("duration_s"),
                    j.get("errors"));
        }
        out.flush();
    }

    private static double millis(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
