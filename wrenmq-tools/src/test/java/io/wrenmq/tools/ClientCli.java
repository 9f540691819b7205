package io.wrenmq.tools;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test helper for `wrenmq pub/sub`: runs a command in-process with its own standard input, either to the end
 * ({@link #run}) or in the background ({@link #start}), where stdout/stderr can be watched while it runs and
 * Ctrl-C can be simulated through the {@link ToolEnvironment.ShutdownHook}.
 */
final class ClientCli {
    private ClientCli() {
    }

    static CliRun withStdin(Path workDir, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = ToolsCli.execute(args, new PrintWriter(out), new PrintWriter(err),
                new ToolEnvironment(workDir, in, stop -> { }));
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(Path workDir, String... args) {
        return withStdin(workDir, "", args);
    }

    /** Starts the command on its own thread. */
    static Running start(Path workDir, String... args) {
        return new Running(workDir, args);
    }

    static final class Running {
        // StringWriter is backed by a StringBuffer: safe to read while the command writes from its event loop.
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Runnable> shutdown = new CompletableFuture<>();
        private final CompletableFuture<CliRun> result = new CompletableFuture<>();

        Running(Path workDir, String... args) {
            Thread t = new Thread(() -> {
                try {
                    int code = ToolsCli.execute(args, new PrintWriter(out), new PrintWriter(err),
                            new ToolEnvironment(workDir, InputStream.nullInputStream(), shutdown::complete));
                    result.complete(new CliRun(code, out.toString(), err.toString()));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "cli-" + args[0]);
            t.setDaemon(true);
            t.start();
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        /** Waits until stderr shows {@code text} (e.g. the -d line "Subscribed to"), or the command ended. */
        Running awaitErr(String text) {
            await().atMost(Duration.ofSeconds(10)).until(() -> err().contains(text) || result.isDone());
            if (!err().contains(text)) {
                throw new AssertionError("command ended without printing '" + text + "': " + result.join());
            }
            return this;
        }

        /** Waits until stdout shows {@code text}. */
        Running awaitOut(String text) {
            await().atMost(Duration.ofSeconds(10)).until(() -> out().contains(text) || result.isDone());
            if (!out().contains(text)) {
                throw new AssertionError("command ended without printing '" + text + "': " + result.join());
            }
            return this;
        }

        /** Ready to receive: the sub printed its -d "Subscribed" line. */
        Running awaitSubscribed() {
            return awaitErr("Subscribed to");
        }

        /** What Ctrl-C does in the real process. */
        void interrupt() throws Exception {
            shutdown.get(10, TimeUnit.SECONDS).run();
        }

        CliRun result() throws Exception {
            return result.get(20, TimeUnit.SECONDS);
        }
    }
}
