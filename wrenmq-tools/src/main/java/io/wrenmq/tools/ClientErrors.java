package io.wrenmq.tools;

import io.wrenmq.client.MqttClientException;
import io.wrenmq.codec.ReasonCode;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns client failures into the one line a command-line user reads on stderr: no stack trace, the broker's
 * address, and a hint where the cause is usually simple (nothing listening on the port).
 */
final class ClientErrors {
    private ClientErrors() {
    }

    /** The failure behind a future's exception, as one line. */
    static String describe(Throwable failure, ConnectionOptions options) {
        Throwable e = unwrap(failure);
        if (!(e instanceof MqttClientException)) {
            return e.getMessage() != null && e instanceof IOException ? e.getMessage() : e.toString();
        }
        MqttClientException m = (MqttClientException) e;
        String message = m.getMessage();
        if (message.startsWith("Connection refused: ")) {
            return message + " (is WrenMQ running?)";
        }
        String connackPrefix = "CONNACK refused by " + options.address() + ": ";
        if (m.reasonCode() != null && message.startsWith(connackPrefix)) {
            // The client's words name the packet; a CLI user wants to know who refused.
            return "Connection refused by the broker: " + message.substring(connackPrefix.length());
        }
        return message;
    }

    /** "Not authorized (0x87)": the spec's words and the wire value, as the client words CONNACK refusals. */
    static String describe(ReasonCode code) {
        return String.format("%s (0x%02X)", code.description(), code.value());
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
