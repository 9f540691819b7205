package io.wrenmq.server.cli;

import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.config.ServerConfig;
import io.wrenmq.server.files.PidFile;
import io.wrenmq.server.http.GeneratedPassword;
import io.wrenmq.server.http.HttpServerConfig;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `wrenmq reload`: asks the running broker to re-read its configuration file and prints what it did. With the
 * REST API on (basic auth) it calls {@code POST /api/v4/reload}; otherwise it sends SIGHUP to the PID in the PID
 * file and prints the report the broker writes beside it. The file is checked here first, so a broken file is
 * reported without disturbing the broker.
 */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = WrenmqVersion.class,
        description = {"Makes the running broker re-read its configuration file: auth, ACL, limits, bans, log level and",
                "mqtt limits change at once; other changed keys are reported as needing a restart.",
                "Exit codes: 0 reloaded, 1 broker not reachable, 2 the file is invalid (nothing changed)."})
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    private ConfOption conf = new ConfOption();

    @Mixin
    private PidFileOption pidFile = new PidFileOption();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long to wait for the broker's answer (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;

    ReloadCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        try {
            config = environment.load(conf.file(environment));
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            err.println("error: not reloaded; the running configuration is unchanged");
            return ExitCodes.USAGE;
        }
        HttpServerConfig http = config.httpServer();
        if (http.enable() && http.authType() == HttpServerConfig.AuthType.BASIC) {
            return viaHttp(http, config.process().dataDir(), out, err);
        }
        return viaSignal(pidFile.resolve(environment, config), out, err);
    }

    private int viaHttp(HttpServerConfig http, Path dataDir, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        String password = http.password();
        if (password.isEmpty()) {
            Path generated = dataDir.resolve(GeneratedPassword.FILE);
            if (!Files.isReadable(generated)) {
                err.println("error: no http_server.password and no readable " + generated
                        + " (run this as the broker's user, with the same WRENMQ_DATA_DIR or working directory)");
                return ExitCodes.RUNTIME;
            }
            password = Files.readString(generated, StandardCharsets.UTF_8).trim();
        }
        String host = http.ipAddr().equals("0.0.0.0") ? "127.0.0.1" : http.ipAddr().equals("::") ? "::1" : http.ipAddr();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/api/v4/reload");
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (http.username() + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> res;
        try {
            res = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build()
                    .send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("error: cannot reach the REST API at " + uri + " (is WrenMQ running?): " + e);
            return ExitCodes.RUNTIME;
        }
        out.println(res.body());
        if (res.statusCode() == 400) {
            err.println("error: the broker rejected the file; the running configuration is unchanged");
            return ExitCodes.USAGE;
        }
        if (res.statusCode() != 200) {
            err.println("error: the REST API answered " + res.statusCode());
            return ExitCodes.RUNTIME;
        }
        return ExitCodes.OK;
    }

    private int viaSignal(PidFile file, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        OptionalLong pid = file.read();
        if (pid.isEmpty()) {
            err.println("error: no PID file at " + file.path() + "; " + PidFileOption.NOT_RUNNING);
            return ExitCodes.RUNTIME;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !StopCommand.looksLikeWrenmq(process.get())) {
            err.println("error: WrenMQ is not running (PID " + pid.getAsLong() + " from " + file.path() + ")");
            return ExitCodes.RUNTIME;
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            err.println("error: Windows has no SIGHUP; enable the REST API (http_server.enable = true) to reload");
            return ExitCodes.RUNTIME;
        }
        Path report = file.reportFile();
        FileTime before = Files.exists(report) ? Files.getLastModifiedTime(report) : null;
        String previous = Files.exists(report) ? Files.readString(report) : null;
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid.getAsLong())).inheritIO().start();
        if (!kill.waitFor(timeoutSeconds, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            err.println("error: could not signal PID " + pid.getAsLong());
            return ExitCodes.RUNTIME;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(report) && (before == null || !Files.getLastModifiedTime(report).equals(before)
                    || !Files.readString(report).equals(previous))) {
                String text = Files.readString(report);
                out.print(text);
                return text.startsWith("Reload rejected") ? ExitCodes.USAGE : ExitCodes.OK;
            }
            Thread.sleep(100); // polling a file another process writes; there is nothing to wait on
        }
        err.println("error: sent SIGHUP to PID " + pid.getAsLong() + " but got no report within " + timeoutSeconds
                + " s; see the broker's log");
        return ExitCodes.RUNTIME;
    }
}
