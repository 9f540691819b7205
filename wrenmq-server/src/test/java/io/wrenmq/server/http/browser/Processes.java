package io.wrenmq.server.http.browser;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping the browser processes a test started (and what they started: content processes, the browser). */
final class Processes {
    private Processes() {
    }

    /** SIGTERM, then SIGKILL after 10 s; the process's descendants are killed too, in case it left them. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
