package io.wrenmq.server.service;

import io.wrenmq.server.files.OwnerOnlyFiles;
import io.wrenmq.tools.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs and removes the systemd unit: the service user, the data directory when systemd does not manage it, the
 * unit file, then `systemctl daemon-reload` and `enable --now`. Where systemctl cannot do its part (not installed, or
 * systemd not running, as in a container), the unit is still written and the message says what to run.
 */
public final class SystemdInstaller {
    private final ServiceHost host;
    private final PrintWriter out;
    private final PrintWriter err;

    public SystemdInstaller(ServiceHost host, PrintWriter out, PrintWriter err) {
        this.host = host;
        this.out = out;
        this.err = err;
    }

    /**
     * Writes the unit into {@code unitDir}; {@code manage}: also create the user and run systemctl (the unit is in
     * systemd's own directory). Returns the exit code.
     */
    public int install(SystemdUnit.Settings s, String unit, Path unitDir, boolean manage) throws IOException {
        boolean root = host.isRoot();
        if (!root && (manage || !Files.isWritable(unitDir))) {
            err.println("error: installing a system service needs root: sudo bin/wrenmq service install ..."
                    + " (or --print to see the unit, or --unit-dir DIR to write it into a directory of yours)");
            return ExitCodes.RUNTIME;
        }
        if (manage && !ensureUser(s.user(), s.dataDir())) {
            return ExitCodes.RUNTIME;
        }
        if (s.stateDirectory() == null && manage) {
            // Outside /var/lib systemd does not create the directory: make it, for the service user only.
            Files.createDirectories(s.dataDir());
            host.run(List.of("chown", s.user() + ":" + s.user(), s.dataDir().toString()));
            host.run(List.of("chmod", "750", s.dataDir().toString()));
        }
        Path file = unitDir.resolve(s.fileName());
        OwnerOnlyFiles.writeAtomically(file, unit);
        setReadable(file);
        out.println("Wrote " + file);
        InputPermissions.warnUnreadable(s.home().resolve("etc"), s.user(), out);
        if (!manage) {
            out.println("Not systemd's unit directory: link and start it with");
            out.println("  systemctl link " + file + " && systemctl enable --now " + s.name());
            return ExitCodes.OK;
        }
        if (!systemctl(List.of("daemon-reload"), s.name()) || !systemctl(List.of("enable", "--now", s.name()), s.name())) {
            return ExitCodes.RUNTIME;
        }
        out.println("WrenMQ runs as the service " + s.name() + ", as user " + s.user() + ", data in " + s.dataDir() + ".");
        out.println("  systemctl status " + s.name() + "    journalctl -u " + s.name() + " -f    systemctl reload " + s.name());
        return ExitCodes.OK;
    }

    /** Stops, disables and removes the unit; the data directory and the user stay. */
    public int uninstall(String name, Path unitDir, boolean manage) throws IOException {
        Path file = unitDir.resolve(name + ".service");
        if (!Files.exists(file)) {
            err.println("error: no unit " + file + " (was it installed with another --name or --unit-dir?)");
            return ExitCodes.RUNTIME;
        }
        if (!host.isRoot() && (manage || !Files.isWritable(unitDir))) {
            err.println("error: removing a system service needs root: sudo bin/wrenmq service uninstall");
            return ExitCodes.RUNTIME;
        }
        String text = Files.readString(file);
        String user = UnitSettings.value(text, "User").orElse("?");
        String dataDir = UnitSettings.environment(text, "WRENMQ_DATA_DIR").orElse("?");
        boolean stopped = !manage || systemctl(List.of("disable", "--now", name), name);
        Files.delete(file);
        out.println("Removed " + file);
        boolean reloaded = !manage || systemctl(List.of("daemon-reload"), name);
        out.println("Kept the data directory " + dataDir + " and the user " + user
                + "; to remove them too: userdel " + user + " && rm -r " + dataDir);
        return stopped && reloaded ? ExitCodes.OK : ExitCodes.RUNTIME;
    }

    /** Creates the service's system user (and its group) unless it exists. */
    private boolean ensureUser(String user, Path dataDir) {
        if (host.run(List.of("id", "-u", user)).ok()) {
            out.println("Using the existing user " + user);
            return true;
        }
        ServiceHost.Result r = host.run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", dataDir.toString(), "--shell", "/usr/sbin/nologin", user));
        if (!r.ok()) {
            err.println("error: could not create the user " + user + " (useradd: " + r.output().strip() + ");"
                    + " create it yourself or pass --user with an existing one");
            return false;
        }
        out.println("Created the system user " + user);
        return true;
    }

    /** Runs systemctl; on failure says why and what to run once systemd is there. */
    private boolean systemctl(List<String> args, String name) {
        List<String> command = new ArrayList<>(List.of("systemctl"));
        command.addAll(args);
        ServiceHost.Result r = host.run(command);
        if (r.ok()) {
            return true;
        }
        err.println("error: " + String.join(" ", command) + " failed: " + (r.output().isBlank() ? "exit code " + r.exitCode()
                : r.output().strip()));
        err.println("The unit file is in place. Where systemd runs (not in most containers), finish with:");
        err.println(args.get(0).equals("disable") ? "  systemctl stop " + name + " && systemctl daemon-reload"
                : "  systemctl daemon-reload && systemctl enable --now " + name);
        return false;
    }

    private static void setReadable(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
