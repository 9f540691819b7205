package io.wrenmq.tools.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/** Steps the bench modes share: connecting many clients, subscribing them, keeping the logs quiet. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** Thrown by a step that failed; the command prints the message as "error: ..." and exits with 1. */
    static final class BenchFailure extends Exception {
        BenchFailure(String message) {
            super(message);
        }
    }

    /** Connects every client (pacing and pending limits of {@link Connector}); throws unless all connect. */
    static Connector.Result connect(List<MqttClient> clients, double rate, String what, ConnectionOptions o)
            throws BenchFailure, InterruptedException {
        long deadline = System.nanoTime() + (long) ((rate > 0 ? clients.size() / rate : 0) * 1e9) + 30_000_000_000L;
        Connector.Result r = Connector.connectAll(clients, rate, deadline);
        if (r.failed() > 0) {
            throw new BenchFailure(r.failed() + " of " + clients.size() + " " + what + " could not connect to "
                    + o.host + ":" + o.port + ": " + r.firstError());
        }
        return r;
    }

    /** Subscribes client i to filters.get(i); throws unless every SUBACK grants it. */
    static void subscribe(List<MqttClient> clients, List<String> filters, int qos)
            throws BenchFailure, InterruptedException {
        List<CompletableFuture<List<ReasonCode>>> acks = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            acks.add(clients.get(i).subscribe(List.of(new Subscription(filters.get(i), qos))));
        }
        for (int i = 0; i < acks.size(); i++) {
            ReasonCode code;
            try {
                code = acks.get(i).get(30, TimeUnit.SECONDS).get(0);
            } catch (ExecutionException | TimeoutException e) {
                throw new BenchFailure("subscribing to '" + filters.get(i) + "' failed: "
                        + (e.getCause() != null ? e.getCause().getMessage() : "no SUBACK within 30 s"));
            }
            if (code.isError()) {
                throw new BenchFailure("the broker refused the subscription to '" + filters.get(i) + "': " + code);
            }
        }
    }

    /**
     * The client's connection messages would flood the terminal with thousands of clients and, with --json,
     * mix with the JSON on stdout (Logback's console appender writes there): only errors, or nothing with
     * --json, while a bench runs. Returns what restores the previous levels.
     */
    static Runnable quietLogs(boolean json) {
        if (!(LoggerFactory.getLogger("io.wrenmq.client") instanceof Logger)) {
            return () -> { }; // another SLF4J binding: leave it alone
        }
        Logger client = (Logger) LoggerFactory.getLogger("io.wrenmq.client");
        Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
        Level clientLevel = client.getLevel();
        Level nettyLevel = netty.getLevel();
        client.setLevel(json ? Level.OFF : Level.ERROR);
        netty.setLevel(json ? Level.OFF : Level.ERROR);
        return () -> {
            client.setLevel(clientLevel);
            netty.setLevel(nettyLevel);
        };
    }

    static void fail(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
    }
}
