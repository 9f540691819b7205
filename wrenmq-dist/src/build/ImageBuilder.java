import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the self-contained image wrenmq-&lt;version&gt;-&lt;os&gt;-&lt;arch&gt; (docs/install.md): the distribution's
 * bin/ lib/ etc/ docs/ plus runtime/, a Java runtime made by jlink with only the modules the jars need, and a
 * class-data-sharing archive of the broker's classes made by a real training run. Run by exec-maven-plugin in
 * wrenmq-dist's package phase as a single-file program ({@code java ImageBuilder.java ...}, JEP 330), so the
 * build needs no extra plugin; maven-assembly-plugin packs the result.
 *
 * <p>Usage: {@code java ImageBuilder.java <distribution dir> <image dir> <jdk to link>}
 */
public final class ImageBuilder {

    /**
     * Modules the code needs that jdeps cannot see, because they are only reached through a service loader or by
     * name at run time. jdeps --print-module-deps finds the rest (JDBC: java.sql, JNDI for the JDBC drivers:
     * java.naming, Netty: jdk.unsupported, webhooks: java.net.http, metrics: jdk.management).
     */
    private static final List<String> EXTRA_MODULES = List.of(
            // TLS with EC certificates and ECDHE key exchange: the SunEC provider, loaded as a security provider
            // by name. On JDK 22+ it moved into java.base and the module is an empty shell (still linked: harmless).
            "jdk.crypto.ec",
            // DNS lookups through JNDI ("dns:" URLs), which the JDBC drivers' failover host lists may use.
            "jdk.naming.dns");

    /** Bounds every step (jlink, the training run); a build must never hang. */
    private static final long TIMEOUT_SECONDS = 120;

    private ImageBuilder() { }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ImageBuilder <distribution dir> <image dir> <jdk>");
        }
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path image = Path.of(args[1]).toAbsolutePath();
        Path jdk = Path.of(args[2]).toAbsolutePath();
        int feature = javaFeature(jdk);
        log("linking with " + jdk + " (Java " + feature + ")");
        deleteTree(image);
        Files.createDirectories(image.getParent());
        copyTree(dist, image);
        String modules = modules(jdk, image.resolve("lib"), feature);
        log("modules: " + modules);
        run(image.getParent(), Map.of(), tool(jdk, "jlink"), "--add-modules", modules, "--strip-debug",
                "--no-header-files", "--no-man-pages", "--generate-cds-archive",
                "--output", image.resolve("runtime").toString());
        Path server = image.resolve("runtime/lib/server");
        // The archive for heaps over 32 GB (no compressed oops): not an edge broker's size; 11-15 MB less.
        Files.deleteIfExists(server.resolve("classes_nocoops.jsa"));
        if (feature >= 24) {
            // The launcher turns compact object headers on for 24+, and a CDS archive is only used with the header
            // layout it was made with: add the JDK classes' archive for that layout (classes_coh.jsa).
            List<String> dump = new ArrayList<>(List.of(java(image.resolve("runtime")).toString()));
            if (feature == 24) {
                dump.add("-XX:+UnlockExperimentalVMOptions");
            }
            dump.addAll(List.of("-XX:+UseCompactObjectHeaders", "-Xshare:dump"));
            run(image.getParent(), Map.of(), dump.toArray(String[]::new));
        }
        // Java 25+: an AOT cache (JEP 483/514), which also keeps the classes linked: the broker listened about 10%
        // sooner than with the dynamic CDS archive (docs/benchmarks.md); the launcher picks whichever is there.
        Path archive = image.resolve(feature >= 25 ? "runtime/lib/wrenmq.aot" : "runtime/lib/wrenmq.jsa");
        train(image, archive);
        if (!Files.isRegularFile(archive)) {
            // Windows: `wrenmq stop` ends the JVM with TerminateProcess, which skips the dump at exit.
            log("WARNING: the training run wrote no CDS archive (stopped without a clean exit on " + os() + ");"
                    + " the image keeps the JDK classes' archive only");
        } else if (!usedAfterMove(image)) {
            // JDK 17 records the jars' absolute paths in the archive and ignores it anywhere else; JDK 18+ accepts
            // the same jars under another directory (JDK-8211723). An archive that only works in target/ is useless.
            Files.delete(archive);
            log("WARNING: Java " + feature + " does not use the application CDS archive once the image is moved;"
                    + " the image keeps the JDK classes' archive only (link with JDK 18+ for the full archive:"
                    + " -Dwrenmq.image.jdk=...)");
        }
        log("image ready: " + image + " (" + size(image) / (1024 * 1024) + " MB)");
    }

    /** The modules jdeps finds over every jar in lib/, plus {@link #EXTRA_MODULES} when the JDK has them. */
    private static String modules(Path jdk, Path lib, int feature) throws IOException, InterruptedException {
        List<String> jars;
        try (Stream<Path> s = Files.list(lib)) {
            jars = s.map(Path::toString).filter(n -> n.endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        List<String> cmd = new ArrayList<>(List.of(tool(jdk, "jdeps"), "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(feature), "--class-path", String.join(pathSeparator(), jars)));
        cmd.addAll(jars);
        List<String> out = run(lib, Map.of(), cmd.toArray(String[]::new));
        TreeSet<String> modules = new TreeSet<>(Arrays.asList(out.get(out.size() - 1).trim().split(",")));
        List<String> available = run(lib, Map.of(), tool(jdk, "java"), "--list-modules");
        for (String extra : EXTRA_MODULES) {
            if (available.stream().anyMatch(m -> m.startsWith(extra + "@"))) {
                modules.add(extra);
            }
        }
        return String.join(",", modules);
    }

    /**
     * The training run: the image's own launcher starts the broker on a free loopback port with a temporary data
     * directory, `wrenmq bench` connects, publishes and subscribes for a few seconds, `wrenmq stop` ends it; the
     * JVM writes the classes it loaded into {@code archive} as it exits (-XX:ArchiveClassesAtExit, via
     * WRENMQ_CDS_DUMP).
     */
    private static void train(Path image, Path archive) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("wrenmq-cds-training");
        try {
            int port = freePort();
            Map<String, String> env = Map.of(
                    "WRENMQ_LISTENERS__TCP__BIND", "127.0.0.1:" + port,
                    "WRENMQ_DATA_DIR", data.toString());
            Map<String, String> dumpEnv = new HashMap<>(env);
            dumpEnv.put("WRENMQ_CDS_DUMP", archive.toString());
            Path brokerLog = data.resolve("broker.log");
            Process broker = process(data, dumpEnv, launcherCommand(image, "start")).redirectErrorStream(true)
                    .redirectOutput(brokerLog.toFile()).start();
            awaitLine(broker, brokerLog, "listening");
            run(data, env, launcherCommand(image, "bench", "pubsub", "-p", Integer.toString(port), "--pubs", "4",
                    "--subs", "2", "--pub-topic", "training/%i", "--sub-topic", "training/#", "--qos", "1",
                    "--duration", "3s"));
            run(data, env, launcherCommand(image, "stop"));
            if (!broker.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
                throw new IllegalStateException("the training broker did not stop; its output: " + brokerLog);
            }
            if (!Files.isRegularFile(archive) && !windows()) {
                throw new IllegalStateException("the training run wrote no CDS archive; broker output:\n"
                        + Files.readString(brokerLog));
            }
            if (Files.isRegularFile(archive)) {
                log("CDS archive " + archive.getFileName() + ": " + Files.size(archive) / (1024 * 1024) + " MB");
            }
        } finally {
            deleteTree(data);
        }
    }

    /**
     * Moves the image to a directory with another name (and a space in it) and checks in the class-loading log
     * that the broker's main class now comes from the archive. -Xlog:class+load is added through
     * JDK_JAVA_OPTIONS so that the launcher's own flags stay exactly those of a user's start.
     */
    private static boolean usedAfterMove(Path image) throws IOException, InterruptedException {
        Path moved = image.resolveSibling(image.getFileName() + " moved");
        Path log = Files.createTempFile("wrenmq-cds-check", ".log");
        Files.move(image, moved);
        try {
            // Quoted: the launcher splits JDK_JAVA_OPTIONS at spaces (a Windows temp directory may have one).
            run(moved.getParent(), Map.of("JDK_JAVA_OPTIONS", "\"-Xlog:class+load=info:file=" + log + "\""),
                    launcherCommand(moved, "version"));
            String mainClass = "io.wrenmq.server.cli.WrenmqCommand source: shared objects file";
            return Files.readAllLines(log).stream().anyMatch(l -> l.contains(mainClass));
        } finally {
            Files.move(moved, image);
            Files.deleteIfExists(log);
        }
    }

    /** A process in {@code workDir} with the build's own WRENMQ_* and Java variables replaced by {@code env}. */
    private static ProcessBuilder process(Path workDir, Map<String, String> env, String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WRENMQ_") || k.equals("JAVA_HOME")
                || k.equals("JDK_JAVA_OPTIONS"));
        pb.environment().putAll(env);
        return pb;
    }

    private static String[] launcherCommand(Path image, String... args) {
        List<String> cmd = new ArrayList<>();
        if (windows()) {
            cmd.addAll(List.of("cmd.exe", "/c", image.resolve("bin/wrenmq.cmd").toString()));
        } else {
            cmd.add(image.resolve("bin/wrenmq").toString());
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    private static void awaitLine(Process p, Path output, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the training broker exited:\n" + Files.readString(output));
            }
            // Polls a file another process writes: there is nothing to wait on in a build script.
            p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the training broker did not start within " + TIMEOUT_SECONDS + " s");
    }

    /** Runs a command to completion; returns its output lines; fails on a non-zero exit or a timeout. */
    private static List<String> run(Path dir, Map<String, String> env, String... cmd)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("wrenmq-image", ".out");
        try {
            Process p = process(dir, env, cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean exited = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (!exited || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + (exited ? " failed:\n" : " timed out:\n")
                        + String.join("\n", lines));
            }
            return lines;
        } finally {
            Files.delete(output);
        }
    }

    private static int javaFeature(Path jdk) throws IOException {
        for (String line : Files.readAllLines(jdk.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        throw new IllegalStateException("no JAVA_VERSION in " + jdk.resolve("release"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tool(Path jdk, String name) {
        return jdk.resolve("bin").resolve(windows() ? name + ".exe" : name).toString();
    }

    private static Path java(Path runtime) {
        return Path.of(tool(runtime, "java"));
    }

    private static boolean windows() {
        return os().startsWith("Windows");
    }

    private static String os() {
        return System.getProperty("os.name");
    }

    private static String pathSeparator() {
        return System.getProperty("path.separator");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                // COPY_ATTRIBUTES keeps bin/wrenmq executable.
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static long size(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void log(String message) {
        System.out.println("[wrenmq image] " + message);
    }
}
