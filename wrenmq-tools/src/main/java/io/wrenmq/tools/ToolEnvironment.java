package io.wrenmq.tools;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * What `pub` and `sub` take from the outside world, passed in so tests run them in-process: the working directory
 * (`pub -f FILE`), standard input (`pub -s`, `-l`) and the process's shutdown (Ctrl-C ends `sub`).
 */
public record ToolEnvironment(Path workDir, InputStream stdin, ShutdownHook shutdown) {

    /** How a command learns that the process is asked to end. */
    @FunctionalInterface
    public interface ShutdownHook {
        /** Runs {@code stop} when the process is asked to end. */
        void onShutdown(Runnable stop);
    }
}
