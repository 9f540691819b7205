package io.wrenmq.server.service;

import java.util.Optional;

/** Reads back a setting of a unit written by {@link SystemdUnit}, for `uninstall` to report what it keeps. */
final class UnitSettings {
    private UnitSettings() {
    }

    /** The value of the first {@code key=} line, specifiers unescaped. */
    static Optional<String> value(String unit, String key) {
        return unit.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1).strip().replace("%%", "%"));
    }

    /** The value {@code Environment=} gives the variable {@code name}. */
    static Optional<String> environment(String unit, String name) {
        return unit.lines().filter(l -> l.startsWith("Environment="))
                .map(l -> SystemdQuoting.unquoteWord(l.substring("Environment=".length()).strip()))
                .filter(a -> a.startsWith(name + "="))
                .map(a -> a.substring(name.length() + 1)).findFirst();
    }
}
