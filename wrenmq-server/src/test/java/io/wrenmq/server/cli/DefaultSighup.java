package io.wrenmq.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Broker processes that the tests signal with SIGHUP start with SIGHUP at its default disposition. A process inherits
 * an ignored SIGHUP from its parent (a test run started under nohup), and the JVM then installs no handler for it: the
 * broker would never see `wrenmq reload`'s signal (SighupHandler logs that case). GNU env's --default-signal resets
 * it before the JVM starts (and execs it: the same PID); where env has no such option the command is left as it is.
 */
final class DefaultSighup {
    private static final boolean ENV_RESETS = supported();

    private DefaultSighup() {
    }

    static List<String> command(String... command) {
        return resetting("HUP", command);
    }

    /**
     * The command with the given signals (comma-separated, e.g. "INT,TERM") at their default disposition: a test run
     * in a background job of a non-interactive shell ignores SIGINT, and its children inherit that.
     */
    static List<String> resetting(String signals, String... command) {
        List<String> out = new ArrayList<>();
        if (ENV_RESETS) {
            out.add("env");
            out.add("--default-signal=" + signals);
        }
        out.addAll(List.of(command));
        return out;
    }

    private static boolean supported() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=HUP", "true").start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
