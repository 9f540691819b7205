package io.wrenmq.tools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version, from the Maven-filtered wrenmq-version.properties (present in tests and in the jar),
 * else the jar manifest's Implementation-Version.
 */
public final class WrenmqVersion implements CommandLine.IVersionProvider {
    private static final String VERSION = load();

    public static String get() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"WrenMQ " + VERSION};
    }

    private static String load() {
        try (InputStream in = WrenmqVersion.class.getResourceAsStream("/wrenmq-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                // An unfiltered copy (an IDE build that skipped Maven's resource filtering) still says ${...}.
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String manifest = WrenmqVersion.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "unknown";
    }
}
