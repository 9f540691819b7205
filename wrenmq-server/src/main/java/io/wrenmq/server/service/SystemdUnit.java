package io.wrenmq.server.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The systemd unit that runs `$WRENMQ_HOME/bin/wrenmq start` as a hardened service (docs/service.md explains each
 * setting). The broker runs in the foreground (Type=simple: no sd_notify), logs to the console, which systemd hands
 * to the journal, and writes only into its data directory: everything else is read-only (ProtectSystem=strict).
 */
public final class SystemdUnit {
    /** Where a data directory lives when systemd can create and own it for us (StateDirectory=). */
    static final Path STATE_ROOT = Path.of("/var/lib");
    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}");
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final List<Path> HOME_DIRS = List.of(Path.of("/home"), Path.of("/root"), Path.of("/run/user"));

    /**
     * What the unit runs.
     *
     * @param name     the unit's name without ".service"
     * @param user     the system user (and group) the broker runs as
     * @param home     WRENMQ_HOME, absolute
     * @param conf     the configuration file, absolute; null for `wrenmq start`'s own default
     * @param dataDir  the data directory, absolute (WRENMQ_DATA_DIR)
     * @param javaHome the Java to run (JAVA_HOME for bin/wrenmq), or null for the one on the service's PATH
     * @param javaOpts WRENMQ_JAVA_OPTS to pass on, or null for the launcher's defaults
     */
    public record Settings(String name, String user, Path home, Path conf, Path dataDir, String javaHome, String javaOpts) {
        public Settings {
            if (!UNIT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("--name: \"" + name + "\" is not a unit name (letters, digits, '_', '.', '-')");
            }
            if (!USER_NAME.matcher(user).matches()) {
                throw new IllegalArgumentException("--user: \"" + user + "\" is not a system user name (e.g. wrenmq)");
            }
            for (Path p : new Path[] {home, dataDir}) {
                if (!p.isAbsolute()) {
                    throw new IllegalArgumentException("not an absolute path: " + p);
                }
            }
        }

        /** The unit file's name: wrenmq.service. */
        public String fileName() {
            return name + ".service";
        }

        public Path launcher() {
            return home.resolve("bin").resolve("wrenmq");
        }

        /** The StateDirectory= name when the data directory is under /var/lib, else null (then ReadWritePaths=). */
        public String stateDirectory() {
            Path d = dataDir.normalize();
            return d.startsWith(STATE_ROOT) && !d.equals(STATE_ROOT) ? STATE_ROOT.relativize(d).toString() : null;
        }

        /** True when an input (the installation, the configuration, the Java) is under /home, /root or /run/user. */
        boolean readsHomeDirectories() {
            List<Path> inputs = new ArrayList<>(List.of(home));
            if (conf != null) {
                inputs.add(conf);
            }
            if (javaHome != null) {
                inputs.add(Path.of(javaHome));
            }
            return inputs.stream().anyMatch(p -> HOME_DIRS.stream().anyMatch(h -> p.normalize().startsWith(h)));
        }
    }

    private SystemdUnit() {
    }

    /** The unit file's text. */
    public static String render(Settings s, String version) {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by `wrenmq service install` (WrenMQ " + version + "); `wrenmq service uninstall --name " + s.name()
                + "` removes it.");
        lines.add("# Change settings in a drop-in (systemctl edit " + s.name() + "), which a new install keeps. See docs/service.md.");
        lines.add("[Unit]");
        lines.add("Description=WrenMQ MQTT broker");
        lines.add("After=network-online.target");
        lines.add("Wants=network-online.target");
        lines.add("");
        lines.add("[Service]");
        lines.add("Type=simple");
        lines.add("User=" + s.user());
        lines.add("Group=" + s.user());
        lines.add("# The broker's files (store, PID file, generated passwords, logs) are not for other users.");
        lines.add("UMask=0027");
        lines.addAll(environment(s));
        lines.addAll(dataDirectory(s));
        lines.add("ExecStart=" + SystemdQuoting.commandLine(s.launcher().toString(), arguments(s)));
        lines.add("# `wrenmq reload` sends the same signal: the broker re-reads its configuration.");
        lines.add("ExecReload=/bin/kill -HUP $MAINPID");
        lines.add("Restart=on-failure");
        lines.add("RestartSec=5s");
        lines.add("# SIGTERM makes the JVM run the broker's shutdown hook (store flushed, PID file removed) and exit with 128+15.");
        lines.add("SuccessExitStatus=143");
        lines.add("TimeoutStopSec=30s");
        lines.add("LimitNOFILE=65536");
        lines.add("# The console log goes to the journal: journalctl -u " + s.name());
        lines.add("StandardOutput=journal");
        lines.add("StandardError=journal");
        lines.add("SyslogIdentifier=" + s.name());
        lines.addAll(hardening(s));
        lines.add("");
        lines.add("[Install]");
        lines.add("WantedBy=multi-user.target");
        return String.join("\n", lines) + "\n";
    }

    /** The launcher's arguments: `start`, and the configuration file when there is one. */
    static List<String> arguments(Settings s) {
        List<String> words = new ArrayList<>(List.of("start"));
        if (s.conf() != null) {
            words.add("--conf");
            words.add(s.conf().toString());
        }
        return words;
    }

    private static List<String> environment(Settings s) {
        List<String> lines = new ArrayList<>();
        lines.add("Environment=" + SystemdQuoting.environment("WRENMQ_DATA_DIR", s.dataDir().toString()));
        if (s.javaHome() != null) {
            lines.add("# The Java that ran `wrenmq service install` (a service does not see the installing shell's PATH).");
            lines.add("Environment=" + SystemdQuoting.environment("JAVA_HOME", s.javaHome()));
        }
        if (s.javaOpts() != null) {
            lines.add("Environment=" + SystemdQuoting.environment("WRENMQ_JAVA_OPTS", s.javaOpts()));
        }
        return lines;
    }

    private static List<String> dataDirectory(Settings s) {
        String state = s.stateDirectory();
        List<String> lines = new ArrayList<>();
        if (state != null) {
            lines.add("# systemd creates /var/lib/" + state + " owned by " + s.user() + " and keeps it writable under ProtectSystem=strict.");
            lines.add("StateDirectory=" + SystemdQuoting.listItem(state));
            lines.add("StateDirectoryMode=0750");
        } else {
            lines.add("# The one writable place under ProtectSystem=strict (`wrenmq service install` created it for " + s.user() + ").");
            lines.add("ReadWritePaths=" + SystemdQuoting.listItem(s.dataDir().toString()));
        }
        lines.add("WorkingDirectory=" + SystemdQuoting.path(s.dataDir().toString()));
        return lines;
    }

    private static List<String> hardening(Settings s) {
        return List.of(
                "# Hardening (systemd.exec(5); docs/service.md#hardening). The broker needs no privilege: ports below 1024",
                "# take a drop-in with AmbientCapabilities=CAP_NET_BIND_SERVICE and CapabilityBoundingSet=CAP_NET_BIND_SERVICE.",
                "NoNewPrivileges=yes",
                "CapabilityBoundingSet=",
                "ProtectSystem=strict",
                // An installation unpacked in a home directory must stay readable; it still cannot be written.
                "ProtectHome=" + (s.readsHomeDirectories() ? "read-only" : "yes"),
                "PrivateTmp=yes",
                "PrivateDevices=yes",
                "PrivateMounts=yes",
                "RemoveIPC=yes",
                "ProtectKernelTunables=yes",
                "ProtectKernelModules=yes",
                "ProtectKernelLogs=yes",
                "ProtectControlGroups=yes",
                "ProtectClock=yes",
                "ProtectHostname=yes",
                "ProtectProc=invisible",
                "# The JVM opens only IPv4, IPv6 and local (Unix) sockets (traced with strace -e trace=socket).",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                "RestrictNamespaces=yes",
                "RestrictRealtime=yes",
                "RestrictSUIDSGID=yes",
                "LockPersonality=yes",
                "SystemCallArchitectures=native",
                "# No MemoryDenyWriteExecute=yes: the JVM's JIT compilers write machine code and then run it.");
    }
}
