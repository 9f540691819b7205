package io.wrenmq.server.http;

import io.wrenmq.server.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API never has a default password: without {@code http_server.password} one is generated at first
 * start (24 random bytes), written owner-only (POSIX 600) to {@code http_password} in the data directory and logged
 * once; later starts read it from there.
 */
public final class GeneratedPassword {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratedPassword.class);
    /** Where it is kept, relative to the data directory (system.data_dir). */
    public static final String FILE = "http_password";

    private GeneratedPassword() {
    }

    /** The password in {@code file}, creating the file with a new random password when there is none. */
    public static String readOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnlyFiles.writeAtomically(file, password + "\n");
        LOG.warn("REST API: no http_server.password configured; generated one and saved it owner-only in {}."
                + " Password (shown only this once): {}", file, password);
        return password;
    }
}
