package io.wrenmq.tools.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How fast publishers publish: a closed loop with a window (the default), or a fixed rate. */
final class RateOptions {
    @Option(names = "--rate", defaultValue = "0", paramLabel = "MSG_PER_S",
            description = "Total messages per second over all publishers, spread evenly and scheduled "
                    + "(0 = closed loop: as fast as the window allows; default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = {"-I", "--interval"}, defaultValue = "0", paramLabel = "MS",
            description = "Per publisher: one message every MS milliseconds (instead of --rate).")
    double intervalMillis;

    @Option(names = {"-w", "--window"}, defaultValue = "100", paramLabel = "W",
            description = "Closed loop: messages one publisher may have unfinished (default: ${DEFAULT-VALUE}).")
    int window;

    boolean closedLoop() {
        return rate == 0 && intervalMillis == 0;
    }

    /** Messages per second of each of {@code publishers}; 0 in closed loop. */
    double perPublisher(int publishers) {
        if (intervalMillis > 0) {
            return 1000.0 / intervalMillis;
        }
        return rate / publishers;
    }

    /** The total rate in msg/s, 0 in closed loop. */
    double total(int publishers) {
        return closedLoop() ? 0 : perPublisher(publishers) * publishers;
    }

    void validate(CommandSpec spec) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be 0 (closed loop) or positive: " + rate);
        }
        if (intervalMillis < 0 || Double.isNaN(intervalMillis)) {
            throw new ParameterException(spec.commandLine(), "-I/--interval must be positive: " + intervalMillis);
        }
        if (rate > 0 && intervalMillis > 0) {
            throw new ParameterException(spec.commandLine(), "give either --rate or -I/--interval, not both");
        }
        if (window < 1 || window > 65535) {
            throw new ParameterException(spec.commandLine(), "-w/--window must be 1..65535: " + window);
        }
    }
}
