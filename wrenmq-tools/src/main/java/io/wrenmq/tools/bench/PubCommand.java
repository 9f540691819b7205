package io.wrenmq.tools.bench;

import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.tools.ExitCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq bench pub`: N publishers. Closed loop by default: each keeps at most --window publishes open -
 * until PUBACK (QoS 1) or PUBCOMP (QoS 2); for QoS 0, whose publishes nobody acknowledges, until the client
 * has written them to the socket, so the loop closes on TCP back-pressure (the socket buffer, i.e. the
 * broker reading) rather than on delivery. Send times in the payload are epoch nanoseconds, for a bench sub
 * in another process.
 */
@Command(name = "pub", description = {"N publishers, closed loop (window of unacknowledged publishes) or "
        + "fixed rate; pair with `bench sub` in another process.", "",
        "Example: wrenmq bench pub -c 10 -t 'bench/%i' -q 1 --rate 5000 -d 30s"})
final class PubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions conn;
    @Mixin
    MessageOptions msg;
    @Mixin
    RateOptions rate;

    @Option(names = {"-c", "--clients"}, defaultValue = "1", paramLabel = "N",
            description = "Publishers (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-t", "--topic"}, defaultValue = "bench/%i", paramLabel = "PATTERN",
            description = "Topic of publisher i, %%i = i (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws Exception {
        conn.validate(spec);
        msg.validate(spec);
        rate.validate(spec);
        if (clients < 1) {
            throw new ParameterException(spec.commandLine(), "-c/--clients must be at least 1: " + clients);
        }
        String invalid = TopicSyntax.invalidNameReason(topic);
        if (invalid != null) {
            throw new ParameterException(spec.commandLine(), "-t/--topic of a publisher must not contain + or #: "
                    + invalid);
        }
        Runnable restoreLogs = BenchSupport.quietLogs(conn.json);
        try (BenchEnv env = new BenchEnv(conn, "p")) {
            return run(env);
        } catch (BenchSupport.BenchFailure e) {
            BenchSupport.fail(spec.commandLine().getErr(), e.getMessage());
            return ExitCodes.RUNTIME;
        } finally {
            restoreLogs.run();
        }
    }

    private int run(BenchEnv env) throws Exception {
        BenchSettings settings = new BenchSettings(msg.qos, msg.size, msg.limit, BenchClock.EPOCH);
        boolean closedLoop = rate.closedLoop();
        List<MqttClient> pubClients = new ArrayList<>();
        Map<LoopStats, RateTicker> tickers = new HashMap<>();
        for (int i = 0; i < clients; i++) {
            MqttClient c = env.client("p", i, b -> b.maxInflight(closedLoop ? rate.window : 65535)
                    .maxQueuedPublishes(1 << 20));
            LoopStats stats = env.statsOf(c);
            Publisher p = new Publisher(i, c, TopicPattern.expand(topic, i), stats, settings, null,
                    closedLoop ? rate.window : 0, 0);
            if (!closedLoop) {
                p.rate(rate.perPublisher(clients), (double) i / clients);
                tickers.computeIfAbsent(stats, l -> new RateTicker(l.publishers));
            }
            c.onConnectionLost(e -> stats.errors++);
            stats.publishers.add(p);
            pubClients.add(c);
        }
        BenchSupport.connect(pubClients, 0, "publishers", conn);
        long tick = closedLoop ? 0 : RateTicker.tickNanos(rate.perPublisher(clients));
        BenchRun.Outcome o = new BenchRun(env, settings, spec.commandLine().getErr(), s -> s.sent() - s.completed())
                .run(l -> {
                    long now = System.nanoTime();
                    l.publishers.forEach(p -> p.start(now));
                    RateTicker t = tickers.get(l);
                    if (t != null) {
                        t.start(l, tick);
                    }
                }, l -> {
                    RateTicker t = tickers.get(l);
                    if (t != null) {
                        t.cancel();
                    }
                }, msg.warmup, msg.duration(), s -> s.publishersDone() == clients);
        Report.print(spec.commandLine().getOut(), conn.json, Report.json("pub", clients, 0, msg, conn.version, o, 0,
                closedLoop ? rate.window : 0, rate.total(clients)));
        return ExitCodes.OK;
    }
}
