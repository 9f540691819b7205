package io.wrenmq.tools;

import io.wrenmq.client.ConnectResult;
import io.wrenmq.client.MqttClient;
import io.wrenmq.codec.MqttVersion;
import io.wrenmq.codec.Properties;
import io.wrenmq.codec.ReasonCode;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The connect / disconnect steps every client command takes, with their error lines and -d output. Runs on the
 * command's thread, never on the client's event loop, so blocking on the client's futures is safe here.
 */
final class CliClient {
    private final ConnectionOptions options;
    private final PrintWriter err;
    private final boolean debug;
    final MqttClient client;

    private CliClient(ConnectionOptions options, PrintWriter err, boolean debug, MqttClient client) {
        this.options = options;
        this.err = err;
        this.debug = debug;
        this.client = client;
    }

    /** Validates the connection flags and builds the client; a flag the builder rejects is a usage error. */
    static CliClient create(ConnectionOptions options, CommandSpec spec, boolean debug) {
        options.validate(spec);
        MqttClient client;
        try {
            client = options.builder().build();
        } catch (IllegalArgumentException e) {
            throw ConnectionOptions.usage(spec, e.getMessage());
        }
        return new CliClient(options, spec.commandLine().getErr(), debug, client);
    }

    /** Connects; on failure prints one line and returns null. */
    ConnectResult connect() throws InterruptedException {
        debug("Connecting to " + options.address() + " with MQTT " + versionName(options.version) + " as '"
                + client.clientId() + "'");
        try {
            // The client enforces --connect-timeout itself; the extra second only guards against a hang.
            ConnectResult r = client.connect().get(options.connectTimeoutSeconds + 1L, TimeUnit.SECONDS);
            debug("Connected (CONNACK " + ClientErrors.describe(r.reasonCode()) + ", session present: "
                    + r.sessionPresent() + (r.clientId().equals(client.clientId()) ? "" : ", assigned id '"
                    + r.clientId() + "'") + ")");
            return r;
        } catch (ExecutionException e) {
            error(ClientErrors.describe(e, options));
        } catch (TimeoutException e) {
            error("Timed out after " + options.connectTimeoutSeconds + " s connecting to " + options.address());
        }
        return null;
    }

    /** Sends DISCONNECT (with the -D disconnect properties) and releases the client's thread. */
    void close(Properties disconnectProperties) {
        if (client.isConnected()) {
            try {
                client.disconnect(ReasonCode.SUCCESS, disconnectProperties).get(5, TimeUnit.SECONDS);
                debug("Disconnected");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                debug("Disconnect: " + ClientErrors.describe(e, options));
            }
        }
        client.close();
    }

    void error(String line) {
        err.println(line);
        err.flush();
    }

    void debug(String line) {
        if (debug) {
            err.println(line);
            err.flush();
        }
    }

    static String versionName(MqttVersion v) {
        return switch (v) {
            case V3_1 -> "3.1";
            case V3_1_1 -> "3.1.1";
            case V5 -> "5";
        };
    }
}
