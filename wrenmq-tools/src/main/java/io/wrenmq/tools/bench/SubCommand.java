package io.wrenmq.tools.bench;

import io.wrenmq.client.MqttClient;
import io.wrenmq.tools.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq bench sub`: N subscribers on a filter; counts received/s and, from the payload header of a
 * `bench pub` (epoch-nanosecond send times), latency, loss (gaps between the first and the last sequence
 * number seen of each publisher) and duplicates. Start it before the publishers.
 */
@Command(name = "sub", description = {"N subscribers: received/s, latency, loss and duplicates of the "
        + "messages of `bench pub` (start the subscribers first).", "",
        "Example: wrenmq bench sub -c 1 -t 'bench/#' -q 1 -d 40s --warmup 0s"})
final class SubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions conn;
    @Mixin
    MessageOptions msg;

    @Option(names = {"-c", "--clients"}, defaultValue = "1", paramLabel = "N",
            description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-t", "--topic"}, defaultValue = "bench/#", paramLabel = "PATTERN",
            description = "Filter of subscriber i, %%i = i (default: ${DEFAULT-VALUE}).")
    String topic;

    @Mixin
    SubscriberSession session = new SubscriberSession();

    @Override
    public Integer call() throws Exception {
        conn.validate(spec);
        msg.validate(spec);
        if (clients < 1) {
            throw new ParameterException(spec.commandLine(), "-c/--clients must be at least 1: " + clients);
        }
        Runnable restoreLogs = BenchSupport.quietLogs(conn.json);
        try (BenchEnv env = new BenchEnv(conn, "s")) {
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
        List<MqttClient> subClients = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        for (int j = 0; j < clients; j++) {
            MqttClient c = env.client("s", j, b -> session.apply(b, conn.mqttVersion().isV5()));
            LoopStats stats = env.statsOf(c);
            Subscriber s = new Subscriber(j, c, TopicPattern.expand(topic, j), stats, settings,
                    new SequenceTracker(16, false), null);
            c.onPayload(s).onConnectionLost(e -> stats.errors++);
            stats.subscribers.add(s);
            subClients.add(c);
            filters.add(s.filter);
        }
        BenchSupport.connect(subClients, 0, "subscribers", conn);
        BenchSupport.subscribe(subClients, filters, msg.qos);
        conn.note(spec, clients + " subscribers on '" + topic + "': waiting for messages");
        BenchRun.Outcome o = new BenchRun(env, settings, spec.commandLine().getErr(), s -> 0)
                .run(l -> { }, l -> { }, msg.warmup, msg.duration(), s -> s.subscribersDone() == clients);
        AtomicLong lost = new AtomicLong();
        AtomicInteger publishers = new AtomicInteger();
        env.onEveryLoop(l -> {
            for (Subscriber s : l.subscribers) {
                lost.addAndGet(s.tracker().gaps());
                publishers.accumulateAndGet(s.tracker().publishersSeen(), Math::max);
            }
        });
        Report.print(spec.commandLine().getOut(), conn.json, Report.json("sub", publishers.get(), clients, msg,
                conn.version, o, lost.get(), 0, 0));
        return ExitCodes.OK;
    }
}
