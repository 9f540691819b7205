package io.wrenmq.tools.bench;

import io.netty.handler.codec.quic.QuicSslContext;
import io.wrenmq.client.ClientTlsFiles;
import io.wrenmq.codec.MqttVersion;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Flags every bench mode shares: where to connect and how. No -h for help here: -h is the host, as in
 * mosquitto_pub and nanomq_cli; help is --help.
 */
final class ConnectionOptions {
    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "1883", paramLabel = "PORT",
            description = "Broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-V", "--mqtt-version"}, defaultValue = "5", paramLabel = "311|5",
            description = "MQTT version (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = {"-k", "--keepalive"}, defaultValue = "60", paramLabel = "SECONDS",
            description = "Keep alive in seconds (default: ${DEFAULT-VALUE}).")
    int keepAlive;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Event loop threads shared by all clients (default: one per core).")
    int threads;

    @Option(names = "--quic", description = "MQTT over QUIC (UDP; -p is the broker's quic listener, e.g. 14567). "
            + "Needs --cafile or --insecure.")
    boolean quic;

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "With --quic: PEM CA certificate(s) the broker's certificate must chain to.")
    Path caFile;

    @Option(names = "--insecure", description = "With --quic: accept any server certificate (a test certificate on loopback).")
    boolean insecure;

    @Option(names = "--json", description = "Print the final summary as one JSON object on stdout "
            + "(the live lines go to stderr in any case).")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    MqttVersion mqttVersion() {
        return BenchEnv.version(version);
    }

    int threads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** A progress line on stderr (never stdout, which holds only the summary). */
    void note(CommandSpec spec, String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    void validate(CommandSpec spec) {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "-p/--port must be 1..65535: " + port);
        }
        try {
            mqttVersion();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (keepAlive < 0 || keepAlive > 65535) {
            throw new ParameterException(spec.commandLine(), "-k/--keepalive must be 0..65535: " + keepAlive);
        }
        if (threads < 0 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1..1024: " + threads);
        }
        if (!quic && (caFile != null || insecure)) {
            throw new ParameterException(spec.commandLine(), "--cafile and --insecure need --quic");
        }
        if (quic && (caFile == null) == !insecure) {
            throw new ParameterException(spec.commandLine(), "--quic needs either --cafile FILE or --insecure");
        }
    }

    /**
     * The QUIC TLS context all clients of a run share (null without --quic). Sharing it means TLS session resumption
     * after the first connection, as one device reconnecting would have; 0-RTT stays off so that connect times count
     * the full round trip (docs/benchmarks.md, "QUIC vs TCP").
     */
    QuicSslContext quicContext() {
        if (!quic) {
            return null;
        }
        return ClientTlsFiles.quicContext(new ClientTlsFiles.Files(caFile, "--cafile", null, null, null, null, null),
                !insecure, !insecure);
    }
}
