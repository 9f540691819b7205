package io.wrenmq.server.gateway.nng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's nngcat (package nng-utils) as the real NNG peer; output goes to a file the test reads. */
final class NngCat implements AutoCloseable {
    private final Process process;
    private final Path out;

    private NngCat(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    static NngCat start(Path dir, String... args) throws IOException {
        Path out = Files.createTempFile(dir, "nngcat", ".out");
        List<String> command = new ArrayList<>(List.of("nngcat"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("nngcat.err").toFile())).start();
        return new NngCat(process, out);
    }

    /** A free port for nngcat to listen on (closed again at once; a small race other tests here accept too). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String url(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    /** Lines printed with {@code --quoted}: each message as a quoted string. */
    List<String> lines() {
        try {
            return Files.readAllLines(out, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything printed with {@code --raw}: the message bodies back to back. */
    byte[] bytes() {
        try {
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
