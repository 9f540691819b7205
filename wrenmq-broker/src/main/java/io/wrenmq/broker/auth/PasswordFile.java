package io.wrenmq.broker.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads WrenMQ's (and mosquitto's) hashed password file: one {@code user:hash} per line, '#' starts a
 * comment line, blank lines are skipped. A missing, empty or malformed file is refused with its name and
 * line: a broker must never fall back to "everyone may connect" because a file went wrong.
 */
public final class PasswordFile {
    private PasswordFile() {
    }

    public static Map<String, PasswordHash> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PasswordFileException(file, 0, "password file not found (create it with `wrenmq passwd -c "
                    + file + " USER`)");
        } catch (IOException e) {
            throw new PasswordFileException(file, 0, "cannot read the password file: " + e);
        }
        return parse(file, lines);
    }

    static Map<String, PasswordHash> parse(Path file, List<String> lines) {
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new PasswordFileException(file, i + 1, "expected user:hash");
            }
            String user = line.substring(0, colon);
            if (users.containsKey(user)) {
                throw new PasswordFileException(file, i + 1, "user " + user + " appears twice");
            }
            try {
                users.put(user, PasswordHash.parse(line.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new PasswordFileException(file, i + 1, "user " + user + ": " + e.getMessage());
            }
        }
        if (users.isEmpty()) {
            throw new PasswordFileException(file, 0, "the password file has no users (add one with `wrenmq passwd -b "
                    + file + " USER PASSWORD`)");
        }
        return Collections.unmodifiableMap(users);
    }
}
