package io.wrenmq.tools;

import io.wrenmq.client.ConnectResult;
import io.wrenmq.client.ReceivedMessage;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import io.wrenmq.codec.Subscription;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.tools.PropertyArgs.Packet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq sub`: subscribes and prints every message on stdout (diagnostics go to stderr) until -C messages,
 * -W seconds, Ctrl-C, or the connection ends; mosquitto_sub's flags. Exit 0 when it ended as asked, 1 on a
 * connection failure, a refused subscription, a lost connection, or -W passing before -C messages came.
 */
@Command(name = "sub", sortOptions = false, usageHelpAutoWidth = true,
        description = "Subscribes to topics on a WrenMQ (or any MQTT) broker and prints the messages, like mosquitto_sub.",
        footer = {"", "Examples:", "  wrenmq sub -t 'sensors/#' -v",
                "  wrenmq sub -t 'sensors/#' --format json -C 10 -W 30",
                "  wrenmq sub -t jobs/# -q 1 -c -i worker-1",
                "", "Exit codes: 0 ok, 1 connection error, subscription refused or timeout before -C messages, "
                        + "2 usage error."})
final class SubCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, paramLabel = "FILTER", description = "Topic filter to subscribe to (repeatable).")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-T", "--filter-out"}, paramLabel = "FILTER", description = "Do not print messages on topics matching FILTER (repeatable).")
    List<String> filterOut = new ArrayList<>();

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", defaultValue = "0", description = "Subscription QoS (default: 0).")
    int qos;

    @Option(names = {"-v", "--verbose"}, description = "Print \"topic payload\" instead of the payload alone.")
    boolean verbose;

    @Option(names = {"-F", "--format"}, paramLabel = "FORMAT",
            description = {"text (default), json (one object per line: topic, payload, qos, retain, properties), "
                    + "or a format string as mosquitto_sub -F: %%t topic, %%p payload, %%q QoS, %%r retain, %%l length, "
                    + "%%x/%%X hex payload, %%j JSON, %%I ISO time, %%U Unix time, %%C content type, %%R response topic, "
                    + "%%D correlation data, %%E expiry, %%F payload format, %%S subscription ids, %%P user properties, "
                    + "%%%%; escapes \\n \\t \\\\."})
    String format;

    @Option(names = {"-N", "--no-eol"}, description = "Do not print a newline after each message.")
    boolean noEol;

    @Option(names = {"-C", "--count"}, paramLabel = "N", description = "Exit after N messages.")
    Integer count;

    @Option(names = {"-W", "--timeout"}, paramLabel = "SECONDS", description = "Exit after this many seconds.")
    Integer timeoutSeconds;

    @Option(names = {"-R", "--no-stale"}, description = "Do not print stale (retained) messages.")
    boolean noStale;

    @Option(names = "--retained-only", description = "Print only retained messages; exit at the first live one.")
    boolean retainedOnly;

    @Option(names = {"-E", "--exit-after-subscribe"}, description = "Exit once the subscriptions are acknowledged "
            + "(e.g. to create a persistent session with -c).")
    boolean exitAfterSubscribe;

    @Option(names = {"-d", "--debug"}, description = "Print what happens on stderr.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final ToolEnvironment environment;
    /** Completes with the exit code: from the event loop (-C, --retained-only, lost connection) or Ctrl-C. */
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final AtomicInteger printed = new AtomicInteger();
    private MessageFormatter formatter;
    private PrintWriter out;

    SubCommand(ToolEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        try {
            return run();
        } catch (ParameterException e) {
            return UsageErrors.report(spec, e);
        }
    }

    private int run() throws InterruptedException {
        CliLogging.forClientCommand(debug);
        validate();
        PropertyArgs.checkPackets(connection.properties, spec, Packet.CONNECT, Packet.SUBSCRIBE, Packet.WILL,
                Packet.DISCONNECT);
        out = spec.commandLine().getOut();
        CliClient cli = CliClient.create(connection, spec, debug);
        cli.client.onMessage(this::onMessage);
        cli.client.onConnectionLost(e -> {
            if (!done.isDone()) {
                cli.error("Connection lost: " + ClientErrors.describe(e, connection));
                done.complete(ExitCodes.RUNTIME);
            }
        });
        CountDownLatch closed = new CountDownLatch(1);
        environment.shutdown().onShutdown(() -> {
            // Ctrl-C: end as asked (DISCONNECT, so no Will) and let the JVM exit only once that is done.
            done.complete(ExitCodes.OK);
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            ConnectResult connected = cli.connect();
            if (connected == null) {
                return ExitCodes.RUNTIME;
            }
            if (!subscribe(cli)) {
                return ExitCodes.RUNTIME;
            }
            return exitAfterSubscribe ? ExitCodes.OK : awaitEnd(cli);
        } finally {
            done.complete(ExitCodes.OK); // late messages are not printed any more
            cli.close(connection.properties(Packet.DISCONNECT, null));
            out.flush();
            closed.countDown();
        }
    }

    private void validate() {
        if (filters.isEmpty()) {
            throw ConnectionOptions.usage(spec, "Missing topic filter: give at least one with -t/--topic");
        }
        for (String f : filters) {
            String invalid = TopicSyntax.invalidFilterReason(f);
            if (invalid != null) {
                throw ConnectionOptions.usage(spec, "Invalid topic filter '" + f + "': " + invalid);
            }
        }
        if (qos < 0 || qos > 2) {
            throw ConnectionOptions.usage(spec, "-q/--qos must be 0, 1 or 2, not " + qos);
        }
        if (count != null && count < 1) {
            throw ConnectionOptions.usage(spec, "-C/--count must be at least 1, not " + count);
        }
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw ConnectionOptions.usage(spec, "-W/--timeout must be at least 1 second, not " + timeoutSeconds);
        }
        if (noStale && retainedOnly) {
            throw ConnectionOptions.usage(spec, "-R and --retained-only cannot be used together");
        }
        if (exitAfterSubscribe && count != null) {
            throw ConnectionOptions.usage(spec, "-E exits right after subscribing: -C cannot apply");
        }
        try {
            formatter = MessageFormatter.of(format, verbose);
        } catch (IllegalArgumentException e) {
            throw ConnectionOptions.usage(spec, "-F/--format: " + e.getMessage());
        }
    }

    /** One SUBSCRIBE with every filter; true when the broker granted them all. */
    private boolean subscribe(CliClient cli) throws InterruptedException {
        Properties props = connection.properties(Packet.SUBSCRIBE, Packet.SUBSCRIBE);
        int[] ids = props.subscriptionIdentifiers();
        int subscriptionId = props.subscriptionIdentifierCount() > 0 ? ids[props.subscriptionIdentifierCount() - 1] : 0;
        props = props.toBuilder().clearSubscriptionIdentifiers().build();
        List<Subscription> subs = filters.stream().map(f -> new Subscription(f, qos)).toList();
        List<ReasonCode> codes;
        try {
            codes = cli.client.subscribe(subs, subscriptionId, props).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            cli.error("Subscribe failed: " + ClientErrors.describe(e, connection));
            return false;
        } catch (TimeoutException e) {
            cli.error("Timed out after 30 s waiting for SUBACK from " + connection.address());
            return false;
        }
        boolean allGranted = true;
        for (int i = 0; i < codes.size(); i++) {
            ReasonCode code = codes.get(i);
            if (code.isError()) {
                // Any refusal ends the command: a script that asked for this filter must not run without it.
                cli.error("Subscription to '" + filters.get(i) + "' refused: " + ClientErrors.describe(code));
                allGranted = false;
            } else {
                cli.debug("Subscribed to '" + filters.get(i) + "' (granted QoS " + code.value() + ")");
            }
        }
        return allGranted;
    }

    private int awaitEnd(CliClient cli) throws InterruptedException {
        try {
            return timeoutSeconds == null ? done.get() : done.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // never: done only completes normally
        } catch (TimeoutException e) {
            if (count != null) {
                cli.error("Timed out after " + timeoutSeconds + " s: received " + printed.get() + " of " + count
                        + " messages");
                return ExitCodes.RUNTIME;
            }
            cli.debug("Timeout of " + timeoutSeconds + " s reached");
            return ExitCodes.OK;
        }
    }

    /** On the client's event loop: filter, print, count. Never blocks. */
    private void onMessage(ReceivedMessage m) {
        if (done.isDone()) {
            return;
        }
        if (retainedOnly && !m.retain()) {
            done.complete(ExitCodes.OK);
            return;
        }
        if ((noStale && m.retain()) || filterOut.stream().anyMatch(f -> TopicSyntax.matches(f, m.topic()))) {
            return;
        }
        String text = formatter.format(m);
        if (noEol) {
            out.print(text);
        } else {
            out.println(text);
        }
        out.flush(); // a pipe reader (`| while read`) sees each message as it comes
        if (printed.incrementAndGet() == (count != null ? count : -1)) {
            done.complete(ExitCodes.OK);
        }
    }
}
