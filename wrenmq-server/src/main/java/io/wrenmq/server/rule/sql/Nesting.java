package io.wrenmq.server.rule.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/** Putting a value at a path of map keys ({@code AS a.b.c}), copying the maps on the way so no shared map changes. */
final class Nesting {
    private Nesting() {
    }

    /** {@code current} with {@code value} at {@code path[from..]}; a non-map on the way is replaced by a map. */
    @SuppressWarnings("unchecked")
    static Object put(Object current, String[] path, int from, Object value) {
        if (from == path.length) {
            return value;
        }
        Map<String, Object> map = current instanceof Map<?, ?> existing
                ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
        map.put(path[from], put(map.get(path[from]), path, from + 1, value));
        return map;
    }
}
