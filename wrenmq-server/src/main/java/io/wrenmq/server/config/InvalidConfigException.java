package io.wrenmq.server.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. Carries every problem found, not only the first, so a user fixes
 * the file in one go. The message is meant for the user as is; there is no useful stack trace.
 */
public final class InvalidConfigException extends Exception {
    private final List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(render(errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String render(List<ConfigError> errors) {
        String head = errors.size() == 1 ? "Invalid configuration (1 error):" : "Invalid configuration (" + errors.size() + " errors):";
        return errors.stream().map(e -> "  " + e.format()).collect(Collectors.joining(System.lineSeparator(), head + System.lineSeparator(), ""));
    }
}
