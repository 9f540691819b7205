package io.wrenmq.server.rule.sql;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The selected fields in order, and how each goes into the row: {@code *} puts every message field; a field puts
 * its slot's value under its name (the alias, or the expression's text when it has none), or under a path
 * ({@code AS a.b}). A field whose value is null is in the row with null.
 */
final class Projection {
    /** One selected item: {@code *} (slot -1) or a field. */
    record Item(int slot, String name, String[] subpath) {
        static final Item STAR = new Item(-1, "*", new String[0]);
    }

    private final Item[] items;
    private final List<String> names;

    Projection(List<Item> items) {
        this.items = items.toArray(new Item[0]);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (Item item : items) {
            distinct.add(item.name());
        }
        this.names = List.copyOf(distinct);
    }

    /** The row's top-level names in order, once each; "*" where the message fields go. */
    List<String> names() {
        return names;
    }

    Map<String, Object> row(EvalContext c) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.slot() < 0) {
                star(row, c);
            } else if (item.subpath().length == 0) {
                row.put(item.name(), c.slot(item.slot()));
            } else {
                row.put(item.name(), Nesting.put(row.get(item.name()), item.subpath(), 0, c.slot(item.slot())));
            }
        }
        return row;
    }

    /** The message fields of {@code SELECT *}. */
    static void star(Map<String, Object> row, EvalContext c) {
        for (MessageField f : MessageField.STAR) {
            row.put(f.fieldName(), f.read(c));
        }
    }
}
