package io.wrenmq.server.reload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a reload did: whether the file was accepted, the keys applied at once, the changed keys that take a
 * restart, and errors (an invalid file: nothing was changed).
 */
public final class ReloadReport {
    private final List<String> applied = new ArrayList<>();
    private final List<String> needsRestart = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean rejected;

    public synchronized void applied(String key) {
        applied.add(key);
    }

    public synchronized void needsRestart(String key) {
        needsRestart.add(key);
    }

    public synchronized void note(String text) {
        notes.add(text);
    }

    /** The file was refused as a whole: nothing changed. */
    synchronized void rejected(List<String> why) {
        rejected = true;
        errors.addAll(why);
    }

    /** One part failed to apply (the rest did). */
    public synchronized void error(String why) {
        errors.add(why);
    }

    public synchronized boolean isRejected() {
        return rejected;
    }

    public synchronized List<String> applied() {
        return Collections.unmodifiableList(new ArrayList<>(applied));
    }

    public synchronized List<String> needsRestart() {
        return Collections.unmodifiableList(new ArrayList<>(needsRestart));
    }

    public synchronized List<String> errors() {
        return Collections.unmodifiableList(new ArrayList<>(errors));
    }

    public synchronized List<String> notes() {
        return Collections.unmodifiableList(new ArrayList<>(notes));
    }

    /** For the CLI and the log: several lines, one per fact. */
    public synchronized String describe() {
        StringBuilder b = new StringBuilder();
        if (rejected) {
            b.append("Reload rejected; the running configuration is unchanged:\n");
            errors.forEach(e -> b.append("  ").append(e).append('\n'));
            return b.toString();
        }
        b.append("Reloaded.\n");
        b.append("  applied: ").append(applied.isEmpty() ? "(no runtime key changed)" : String.join(", ", applied)).append('\n');
        if (!needsRestart.isEmpty()) {
            b.append("  needs restart: ").append(String.join(", ", needsRestart)).append('\n');
        }
        notes.forEach(n -> b.append("  ").append(n).append('\n'));
        errors.forEach(e -> b.append("  error: ").append(e).append('\n'));
        return b.toString();
    }
}
