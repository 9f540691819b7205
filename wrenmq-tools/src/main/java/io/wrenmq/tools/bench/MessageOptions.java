package io.wrenmq.tools.bench;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Flags of the modes that move messages (pub, sub, pubsub). */
final class MessageOptions {
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    static final Duration DEFAULT_LIMIT_BOUND = Duration.ofMinutes(10);

    @Option(names = {"-q", "--qos"}, defaultValue = "0", paramLabel = "0|1|2",
            description = "QoS of the publishes and subscriptions (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-s", "--size"}, defaultValue = "64", paramLabel = "BYTES",
            description = "Payload size, at least 24 for the header (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to measure after the warm-up, e.g. 10s, 500ms, 2m (default: 10s; "
                    + "with --limit it is the upper bound, default 10m).")
    Duration duration;

    @Option(names = {"-L", "--limit"}, defaultValue = "0", paramLabel = "N",
            description = "Stop after N messages per publisher (bench sub: per subscriber) instead of after "
                    + "the duration.")
    long limit;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Run this long before measuring rates and latency (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    /** The measured duration, or with --limit the bound of the whole run. */
    Duration duration() {
        if (duration != null) {
            return duration;
        }
        return limit > 0 ? DEFAULT_LIMIT_BOUND : DEFAULT_DURATION;
    }

    void validate(CommandSpec spec) {
        if (qos < 0 || qos > 2) {
            throw new ParameterException(spec.commandLine(), "-q/--qos must be 0, 1 or 2: " + qos);
        }
        if (size < PayloadHeader.SIZE || size > 256 * 1024 * 1024) {
            throw new ParameterException(spec.commandLine(), "-s/--size must be " + PayloadHeader.SIZE
                    + " (the header) to 268435456 bytes: " + size);
        }
        if (duration != null && duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "-d/--duration must be positive");
        }
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "-L/--limit must not be negative: " + limit);
        }
    }
}
