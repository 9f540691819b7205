package io.wrenmq.server.cli;

import io.wrenmq.server.service.ServiceHost;
import io.wrenmq.server.service.SystemdInstaller;
import io.wrenmq.server.service.WinswInstaller;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `wrenmq service uninstall`: stops, disables and removes the unit; keeps the data directory and the user. */
@Command(name = "uninstall", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = {"Stops, disables and removes the systemd unit (Linux), or says how to remove the WinSW service",
                "(Windows). The data directory and the service user are kept."})
final class ServiceUninstallCommand implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = "wrenmq", description = "The service's name (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--unit-dir", paramLabel = "DIR", description = "Where the unit is (default: /etc/systemd/system).")
    private Path unitDir;

    @Option(names = "--windows", description = "The Windows steps (the default on Windows).")
    private boolean windows;

    @Option(names = "--dir", paramLabel = "DIR", description = "Windows: the directory of the WinSW files.")
    private Path dir;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;
    private final ServiceHost host;

    ServiceUninstallCommand(CliEnvironment environment, ServiceHost host) {
        this.environment = environment;
        this.host = host;
    }

    @Override
    public Integer call() throws IOException {
        if (windows || ServiceCommand.onWindows()) {
            new WinswInstaller(spec.commandLine().getOut())
                    .uninstall(name, dir != null ? environment.workDir().resolve(dir) : ServiceInstallCommand.defaultWindowsDir(environment));
            return ExitCodes.OK;
        }
        Path units = unitDir != null ? environment.workDir().resolve(unitDir) : ServiceCommand.SYSTEMD_UNIT_DIR;
        return new SystemdInstaller(host, spec.commandLine().getOut(), spec.commandLine().getErr())
                .uninstall(name, units, units.equals(ServiceCommand.SYSTEMD_UNIT_DIR));
    }
}
