package io.wrenmq.server.http.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, read from the jar's {@code dashboard/} folder: {@code /} is its index.html and
 * {@code /dashboard/<name>} any other file. Only names made of letters, digits, '-', '_' and inner dots, in
 * folders of the same, are looked up at all (after URL-decoding), so "..", "%2e%2e", backslashes, absolute paths
 * and hidden files never reach the class loader. The jar cannot change while the broker runs, so files are cached.
 */
public final class StaticFiles {
    /** The URL folder of every file but index.html (which is served at {@code /}). */
    public static final String URL_PREFIX = "/dashboard/";
    private static final String ROOT = "dashboard/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png", "svg", "image/svg+xml",
            "ico", "image/x-icon", "json", "application/json", "md", "text/plain; charset=utf-8");

    /** A file and its content type. */
    public record Asset(byte[] body, String contentType) {
    }

    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    public StaticFiles() {
        this(StaticFiles.class.getClassLoader());
    }

    StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** Whether a (raw) request path is the dashboard's to answer: {@code /} or below {@link #URL_PREFIX}. */
    public static boolean owns(String rawPath) {
        return rawPath.equals("/") || rawPath.startsWith(URL_PREFIX);
    }

    /** The file of a raw request path that {@link #owns} it; empty for unknown or unsafe names. */
    public Optional<Asset> find(String rawPath) {
        String name = rawPath.equals("/") ? "index.html" : decode(rawPath.substring(URL_PREFIX.length()));
        if (name == null || !SAFE.matcher(name).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        Asset cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            Asset a = new Asset(in.readAllBytes(), type);
            cache.put(name, a);
            return Optional.of(a);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard file " + name, e);
        }
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
