package io.wrenmq.server.cli;

import java.util.ArrayList;
import java.util.List;

/** The lines of a password file being edited: comments and other users stay as they were, in order. */
final class PasswordLines {
    private final List<String> lines;

    PasswordLines(List<String> lines) {
        this.lines = new ArrayList<>(lines);
    }

    /** Replaces the user's line, or appends one. */
    void put(String user, String hash) {
        int i = indexOf(user);
        String line = user + ":" + hash;
        if (i >= 0) {
            lines.set(i, line);
        } else {
            lines.add(line);
        }
    }

    boolean remove(String user) {
        int i = indexOf(user);
        if (i < 0) {
            return false;
        }
        lines.remove(i);
        return true;
    }

    private int indexOf(String user) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(user + ":")) {
                return i;
            }
        }
        return -1;
    }

    String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
