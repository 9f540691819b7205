package io.wrenmq.server.cli;

import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `wrenmq version`: prints "WrenMQ <version>". */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = "Prints the WrenMQ version.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("WrenMQ " + WrenmqVersion.get());
        return ExitCodes.OK;
    }
}
