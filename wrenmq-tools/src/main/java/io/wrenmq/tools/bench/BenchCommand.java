package io.wrenmq.tools.bench;

import io.wrenmq.tools.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wrenmq bench`: load generators for an MQTT broker (WrenMQ or any other), in the manner of
 * {@code nanomq_cli bench}. No -h/-V for help and version: they are host and MQTT version in every mode.
 */
@Command(name = "bench", description = "MQTT benchmark: pub, sub, pubsub, conn (docs/bench.md).",
        subcommands = {PubSubCommand.class, PubCommand.class, SubCommand.class, ConnCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
