package io.wrenmq.server.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link ServiceHost} that records the commands and answers from a table (default: success, no output). */
public final class FakeHost implements ServiceHost {
    public final List<String> commands = new ArrayList<>();
    private final Map<String, Result> answers = new HashMap<>();

    /** Root or not (the answer to `id -u`). */
    public FakeHost(boolean root) {
        answer("id -u", new Result(0, root ? "0\n" : "1000\n"));
    }

    /** The result of the command line {@code command} (words joined by spaces). */
    public FakeHost answer(String command, Result result) {
        answers.put(command, result);
        return this;
    }

    @Override
    public Result run(List<String> command) {
        String line = String.join(" ", command);
        commands.add(line);
        return answers.getOrDefault(line, new Result(0, ""));
    }
}
