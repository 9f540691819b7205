package io.wrenmq.tools.bench;

import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.tools.ExitCodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq bench pubsub`: publishers and subscribers in one process, so that the closed loop can close on
 * delivery: each publisher keeps at most --window messages that have not yet reached all of their
 * subscribers, and the figure is the throughput the broker sustains, not what it buffers. Latency uses
 * the monotonic clock of this one process.
 */
@Command(name = "pubsub", description = {"Publishers and subscribers in one process: sustainable throughput "
        + "(closed loop on delivery) or latency at a fixed rate.", "",
        "Example: wrenmq bench pubsub --pubs 10 --subs 1 --pub-topic 'bench/%i' --sub-topic 'bench/#' -q 1"})
final class PubSubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions conn;
    @Mixin
    MessageOptions msg;
    @Mixin
    RateOptions rate;

    @Option(names = "--pubs", defaultValue = "1", paramLabel = "N", description = "Publishers (default: ${DEFAULT-VALUE}).")
    int pubs;

    @Option(names = "--subs", defaultValue = "1", paramLabel = "M", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subs;

    @Option(names = "--pub-topic", defaultValue = "bench/%i", paramLabel = "PATTERN",
            description = "Topic of publisher i, %%i = i (default: ${DEFAULT-VALUE}).")
    String pubTopic;

    @Option(names = "--sub-topic", defaultValue = "bench/#", paramLabel = "PATTERN",
            description = "Filter of subscriber i, %%i = i (default: ${DEFAULT-VALUE}).")
    String subTopic;

    @Mixin
    SubscriberSession session = new SubscriberSession();

    @Override
    public Integer call() throws Exception {
        conn.validate(spec);
        msg.validate(spec);
        rate.validate(spec);
        if (pubs < 1 || subs < 1) {
            throw new ParameterException(spec.commandLine(), "--pubs and --subs must be at least 1");
        }
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < pubs; i++) {
            topics.add(TopicPattern.expand(pubTopic, i));
            String invalid = TopicSyntax.invalidNameReason(topics.get(i));
            if (invalid != null) {
                throw new ParameterException(spec.commandLine(), "--pub-topic must not contain + or #: " + pubTopic
                        + " (" + invalid + ")");
            }
        }
        List<String> filters = new ArrayList<>();
        for (int j = 0; j < subs; j++) {
            filters.add(TopicPattern.expand(subTopic, j));
        }
        int[][] expected = Fanout.expectedPublishers(topics, filters);
        int[] fanout = Fanout.fanout(pubs, expected);
        for (int i = 0; i < pubs; i++) {
            if (fanout[i] == 0 || fanout[i] > DeliveryWindow.MAX_FANOUT) {
                throw new ParameterException(spec.commandLine(), "the topic of publisher " + i + ", '"
                        + topics.get(i) + "', matches " + fanout[i] + " of the subscriber filters (--sub-topic "
                        + subTopic + "); it needs 1.." + DeliveryWindow.MAX_FANOUT);
            }
        }
        Runnable restoreLogs = BenchSupport.quietLogs(conn.json);
        try (BenchEnv env = new BenchEnv(conn, "ps")) {
            return run(env, topics, filters, expected, fanout);
        } catch (BenchSupport.BenchFailure e) {
            BenchSupport.fail(spec.commandLine().getErr(), e.getMessage());
            return ExitCodes.RUNTIME;
        } finally {
            restoreLogs.run();
        }
    }

    private int run(BenchEnv env, List<String> topics, List<String> filters, int[][] expected, int[] fanout)
            throws Exception {
        BenchSettings settings = new BenchSettings(msg.qos, msg.size, msg.limit, BenchClock.MONOTONIC);
        boolean closedLoop = rate.closedLoop();
        DeliveryWindow[] windows = closedLoop ? new DeliveryWindow[pubs] : null;
        List<MqttClient> subClients = new ArrayList<>();
        for (int j = 0; j < subs; j++) {
            MqttClient c = env.client("s", j, b -> session.apply(b, conn.mqttVersion().isV5()));
            LoopStats stats = env.statsOf(c);
            Subscriber s = new Subscriber(j, c, filters.get(j), stats, settings, new SequenceTracker(pubs, true), windows);
            c.onPayload(s).onConnectionLost(e -> stats.errors++);
            stats.subscribers.add(s);
            subClients.add(c);
        }
        BenchSupport.connect(subClients, 0, "subscribers", conn);
        BenchSupport.subscribe(subClients, filters, msg.qos);
        List<MqttClient> pubClients = new ArrayList<>();
        Map<LoopStats, RateTicker> tickers = new HashMap<>();
        for (int i = 0; i < pubs; i++) {
            MqttClient c = env.client("p", i, b -> b.maxInflight(closedLoop ? rate.window : 65535)
                    .maxQueuedPublishes(1 << 20));
            LoopStats stats = env.statsOf(c);
            DeliveryWindow w = closedLoop ? new DeliveryWindow(rate.window, fanout[i], c.eventLoop()) : null;
            Publisher p = new Publisher(i, c, topics.get(i), stats, settings, w, 0, fanout[i]);
            if (w != null) {
                w.wakeWith(p);
                windows[i] = w;
            } else {
                p.rate(rate.perPublisher(pubs), (double) i / pubs);
                tickers.computeIfAbsent(stats, l -> new RateTicker(l.publishers));
            }
            c.onConnectionLost(e -> stats.errors++);
            stats.publishers.add(p);
            pubClients.add(c);
        }
        BenchSupport.connect(pubClients, 0, "publishers", conn);
        long tick = closedLoop ? 0 : RateTicker.tickNanos(rate.perPublisher(pubs));
        BenchRun.Outcome o = new BenchRun(env, settings, spec.commandLine().getErr(),
                s -> s.expected() - s.settled()).run(
                        l -> {
                            long now = System.nanoTime();
                            l.publishers.forEach(p -> p.start(now));
                            RateTicker t = tickers.get(l);
                            if (t != null) {
                                t.start(l, tick);
                            }
                        },
                        l -> {
                            RateTicker t = tickers.get(l);
                            if (t != null) {
                                t.cancel();
                            }
                        },
                        msg.warmup, msg.duration(), s -> s.publishersDone() == pubs);
        long[] sent = new long[pubs];
        env.onEveryLoop(l -> l.publishers.forEach(p -> sent[p.index] = p.sent()));
        AtomicLong lost = new AtomicLong();
        env.onEveryLoop(l -> {
            long x = 0;
            for (Subscriber s : l.subscribers) {
                for (int i : expected[s.index]) {
                    x += s.tracker().lost(i, sent[i]);
                }
            }
            lost.addAndGet(x);
        });
        Report.print(spec.commandLine().getOut(), conn.json, Report.json("pubsub", pubs, subs, msg, conn.version, o,
                lost.get(), closedLoop ? rate.window : 0, rate.total(pubs)));
        return ExitCodes.OK;
    }
}
