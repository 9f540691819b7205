package io.wrenmq.tools;

import java.io.IOException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** What a `wrenmq` command prints when it ends with an exception: one "error:" line, exit code 1. */
public final class CommandErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        LoggerFactory.getLogger(CommandErrors.class).debug("command failed", ex);
        // I/O problems explain themselves; anything else is unexpected, so keep its type in the message.
        boolean plain = ex instanceof IOException && ex.getMessage() != null;
        cmd.getErr().println("error: " + (plain ? ex.getMessage() : ex.toString()));
        cmd.getErr().flush();
        return ExitCodes.RUNTIME;
    }
}
