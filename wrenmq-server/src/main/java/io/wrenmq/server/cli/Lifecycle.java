package io.wrenmq.server.cli;

import io.wrenmq.server.WrenServer;

/**
 * How `start` learns it should stop and tells the world it has started. The JVM implementation uses a
 * shutdown hook (SIGTERM, Ctrl-C, `wrenmq stop`); tests use their own to run `start` in-process.
 */
public interface Lifecycle {

    /** Runs {@code stop} when the process is asked to end. */
    void onShutdown(Runnable stop);

    /** Called once the server is listening (tests read the bound ports here). */
    default void started(WrenServer server) {
    }

    /** Runs {@code reload} when the process is asked to re-read its configuration (SIGHUP on POSIX). */
    default void onReload(Runnable reload) {
    }

    /** The real process: a JVM shutdown hook, and SIGHUP for `wrenmq reload`. */
    static Lifecycle jvm() {
        return new Lifecycle() {
            @Override
            public void onShutdown(Runnable stop) {
                Runtime.getRuntime().addShutdownHook(new Thread(stop, "wrenmq-shutdown"));
            }

            @Override
            public void onReload(Runnable reload) {
                SighupHandler.install(reload);
            }
        };
    }
}
