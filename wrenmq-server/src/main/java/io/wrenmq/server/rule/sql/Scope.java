package io.wrenmq.server.rule.sql;

import io.wrenmq.server.rule.sql.References.AliasGroupRef;
import io.wrenmq.server.rule.sql.References.FieldRef;
import io.wrenmq.server.rule.sql.References.SlotRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names an expression may use at its place in the statement: the aliases defined so far (a field sees the
 * aliases before it; WHERE sees them all, as in EMQX and NanoMQ), FOREACH's element ({@code item}), and the message
 * fields, which an alias of the same name hides.
 */
final class Scope {
    /** One field that gives (part of) a name's value: its slot, and where under the name it goes. */
    record Entry(int slot, String[] subpath) {
    }

    private final Map<String, List<Entry>> names = new HashMap<>();

    /** A scope with the same names, to which more can be added without changing this one. */
    Scope copy() {
        Scope s = new Scope();
        names.forEach((name, entries) -> s.names.put(name, new ArrayList<>(entries)));
        return s;
    }

    /** {@code AS root.sub.path}: the slot's value goes to {@code root} at {@code subpath}. */
    void define(String root, String[] subpath, int slot) {
        names.computeIfAbsent(root, k -> new ArrayList<>()).add(new Entry(slot, subpath));
    }

    /** A name that is exactly one slot, replacing what it named before (FOREACH's element). */
    void bind(String name, int slot) {
        names.put(name, new ArrayList<>(List.of(new Entry(slot, new String[0]))));
    }

    /** The expression that reads {@code name}, or null when nothing is called so here. */
    Expr resolve(String name) {
        List<Entry> entries = names.get(name);
        if (entries != null) {
            if (entries.size() == 1 && entries.get(0).subpath().length == 0) {
                return new SlotRef(entries.get(0).slot());
            }
            return new AliasGroupRef(entries.toArray(new Entry[0]));
        }
        MessageField field = MessageField.byName(name);
        return field == null ? null : new FieldRef(field);
    }
}
