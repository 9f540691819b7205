package io.wrenmq.tools;

import io.wrenmq.tools.bench.BenchCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        factories(environment).forEach((name, command) -> cl.addSubcommand(name, command.get()));
        return cl;
    }

    /**
     * pub, sub and bench by name, each built only when asked for (picocli reads a command's annotations when it is
     * added: a command line that runs `start` need not pay for the tools).
     */
    public static Map<String, Supplier<Object>> factories(ToolEnvironment environment) {
        Map<String, Supplier<Object>> tools = new LinkedHashMap<>();
        tools.put("pub", () -> new PubCommand(environment));
        tools.put("sub", () -> new SubCommand(environment));
        tools.put("bench", BenchCommand::new);
        return tools;
    }
}
