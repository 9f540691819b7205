package io.wrenmq.tools;

import io.wrenmq.tools.bench.BenchCommand;
import picocli.CommandLine;

/**
 * The client tools as subcommands of a `wrenmq` command line: `pub`, `sub` (mosquitto_pub/sub and nanomq_cli
 * compatible) and `bench`. They need a broker to talk to, never one in their own process.
 */
public final class ToolCommands {
    private ToolCommands() {
    }

    /** Adds pub, sub and bench to {@code cl}, in that order (the order `wrenmq --help` lists them). */
    public static CommandLine addTo(CommandLine cl, ToolEnvironment environment) {
        return cl.addSubcommand("pub", new PubCommand(environment))
                .addSubcommand("sub", new SubCommand(environment))
                .addSubcommand("bench", new BenchCommand());
    }
}
