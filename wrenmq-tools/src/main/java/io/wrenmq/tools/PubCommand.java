package io.wrenmq.tools;

import io.wrenmq.client.ConnectResult;
import io.wrenmq.client.PublishResult;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.tools.PropertyArgs.Packet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `wrenmq pub`: publishes one message (or one per stdin line, or the same one N times) and exits, with
 * mosquitto_pub's flags. Exit 0 when every publish was accepted, 1 on a connection failure or a refused
 * publish (reason code 0x80 or above), 2 on a usage error.
 */
@Command(name = "pub", sortOptions = false, usageHelpAutoWidth = true,
        description = "Publishes a message to a WrenMQ (or any MQTT) broker, like mosquitto_pub.",
        footer = {"", "Examples:", "  wrenmq pub -t sensors/t1 -m 21.5 -q 1",
                "  wrenmq pub -t sensors/t1 -m 21.5 -r -D unit=C -D publish content-type text/plain",
                "  tail -f app.log | wrenmq pub -t logs/app -l",
                "", "Exit codes: 0 ok, 1 connection or publish refused, 2 usage error."})
final class PubCommand implements Callable<Integer> {
    /** Publishes in flight at once for -l and --repeat: keeps order and memory bounded, the socket busy. */
    private static final int WINDOW = 256;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "Topic to publish to (required).")
    String topic;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Payload payload;

    static final class Payload {
        @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The message payload.")
        String message;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Send the file's content as the payload.")
        Path file;
        @Option(names = {"-n", "--null-message"}, description = "Send a zero-length payload (with -r: clears the retained message).")
        boolean nullMessage;
        @Option(names = {"-s", "--stdin-file"}, description = "Send all of standard input as one message.")
        boolean stdinFile;
        @Option(names = {"-l", "--stdin-line"}, description = "Send each line of standard input as a message.")
        boolean stdinLine;
    }

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", defaultValue = "0", description = "QoS 0, 1 or 2 (default: 0).")
    int qos;

    @Option(names = {"-r", "--retain"}, description = "Ask the broker to retain the message.")
    boolean retain;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Publish the message N times (not with -l; default: 1).")
    int repeat;

    @Option(names = "--repeat-delay", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait this long between repeated publishes (decimals allowed; default: 0).")
    double repeatDelaySeconds;

    @Option(names = {"-d", "--debug"}, description = "Print what happens on stderr.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final ToolEnvironment environment;
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    PubCommand(ToolEnvironment environment) {
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
        PropertyArgs.checkPackets(connection.properties, spec, Packet.CONNECT, Packet.PUBLISH, Packet.WILL,
                Packet.DISCONNECT);
        CliClient cli = CliClient.create(connection, spec, debug);
        byte[] body = null;
        if (!payload.stdinLine) {
            // Read before connecting (as mosquitto_pub does): a missing file costs no connection.
            try {
                body = body();
            } catch (IOException e) {
                cli.client.close();
                cli.error(e instanceof NoSuchFileException ? "Cannot read '" + e.getMessage() + "': no such file"
                        : "Cannot read the payload: " + e);
                return ExitCodes.RUNTIME;
            }
        }
        try {
            ConnectResult connected = cli.connect();
            if (connected == null) {
                return ExitCodes.RUNTIME;
            }
            Properties properties = connection.properties(Packet.PUBLISH, Packet.PUBLISH);
            Semaphore window = new Semaphore(WINDOW);
            if (payload.stdinLine) {
                publishLines(cli, properties, window);
            } else {
                for (int i = 0; i < repeat && firstFailure.get() == null; i++) {
                    if (i > 0 && repeatDelaySeconds > 0) {
                        TimeUnit.NANOSECONDS.sleep((long) (repeatDelaySeconds * 1e9)); // pacing asked for
                    }
                    publish(cli, body, properties, window);
                }
            }
            // All permits back: every publish has completed (the client fails them if the connection goes).
            window.acquire(WINDOW);
            String failure = firstFailure.get();
            if (failure != null) {
                cli.error(failure);
                return ExitCodes.RUNTIME;
            }
            return ExitCodes.OK;
        } finally {
            cli.close(connection.properties(Packet.DISCONNECT, null));
        }
    }

    private void validate() {
        if (topic == null) {
            throw ConnectionOptions.usage(spec, "Missing topic: give one with -t/--topic");
        }
        String invalid = TopicSyntax.invalidNameReason(topic);
        if (invalid != null) {
            throw ConnectionOptions.usage(spec, "-t/--topic must be a topic name without wildcards (+, #), not '"
                    + topic + "': " + invalid);
        }
        if (payload == null) {
            throw ConnectionOptions.usage(spec, "Missing message: give one of -m, -f, -n, -s or -l");
        }
        if (qos < 0 || qos > 2) {
            throw ConnectionOptions.usage(spec, "-q/--qos must be 0, 1 or 2, not " + qos);
        }
        if (repeat < 1) {
            throw ConnectionOptions.usage(spec, "--repeat must be at least 1, not " + repeat);
        }
        if (repeatDelaySeconds < 0) {
            throw ConnectionOptions.usage(spec, "--repeat-delay must not be negative");
        }
        if (payload.stdinLine && (repeat != 1 || repeatDelaySeconds != 0)) {
            throw ConnectionOptions.usage(spec, "--repeat and --repeat-delay work with -m, -f, -n and -s, not with -l");
        }
    }

    private byte[] body() throws IOException {
        if (payload.message != null) {
            return payload.message.getBytes(StandardCharsets.UTF_8);
        }
        if (payload.file != null) {
            return Files.readAllBytes(environment.workDir().resolve(payload.file));
        }
        if (payload.stdinFile) {
            return environment.stdin().readAllBytes();
        }
        return new byte[0];
    }

    /** One message per line as lines arrive (so `tail -f | wrenmq pub -l` streams), until end of input. */
    private void publishLines(CliClient cli, Properties properties, Semaphore window) throws InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8));
        try {
            String line;
            while (firstFailure.get() == null && (line = in.readLine()) != null) {
                publish(cli, line.getBytes(StandardCharsets.UTF_8), properties, window);
            }
        } catch (IOException e) {
            firstFailure.compareAndSet(null, "Cannot read standard input: " + e.getMessage());
        }
    }

    private void publish(CliClient cli, byte[] body, Properties properties, Semaphore window)
            throws InterruptedException {
        window.acquire();
        CompletableFuture<PublishResult> f;
        try {
            f = cli.client.publish(topic, body, qos, retain, properties);
        } catch (IllegalArgumentException e) {
            window.release();
            firstFailure.compareAndSet(null, e.getMessage());
            return;
        }
        f.whenComplete((result, e) -> {
            // On the client's event loop: record and count only, never block here.
            if (e != null) {
                firstFailure.compareAndSet(null, "Publish to '" + topic + "' failed: "
                        + ClientErrors.describe(e, connection));
            } else if (!result.isSuccess()) {
                firstFailure.compareAndSet(null, "Publish to '" + topic + "' refused: "
                        + ClientErrors.describe(result.reasonCode()));
            } else {
                cli.debug("Published " + body.length + " bytes to '" + topic + "' (QoS " + result.qos()
                        + (result.qos() < qos ? ", lowered by the broker's Maximum QoS" : "") + (retain ? ", retained" : "")
                        + "): " + ClientErrors.describe(result.reasonCode()));
            }
            window.release();
        });
    }
}
