package io.wrenmq.server.cli;

import io.wrenmq.broker.WrenBroker;
import java.nio.file.Path;
import java.util.Map;

/** {@link StartedBroker} for tests in other packages (it is package-private, like the CLI's internals). */
public final class StartedBrokerAccess {
    private final StartedBroker started;

    private StartedBrokerAccess(StartedBroker started) {
        this.started = started;
    }

    public static StartedBrokerAccess start(Path workDir, String... args) throws Exception {
        return new StartedBrokerAccess(StartedBroker.start(workDir, Map.of(), args));
    }

    public WrenBroker broker() {
        return started.broker();
    }

    public void reload() throws Exception {
        started.reload();
    }

    public void stop() throws Exception {
        started.stop();
    }
}
